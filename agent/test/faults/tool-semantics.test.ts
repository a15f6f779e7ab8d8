import { afterEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { startFakeOpenAI, type Step } from "../../src/testing/fake-openai.ts";
import { agentOn, DISHES, fakeCampus, lastOf } from "./harness.ts";

// How tool calls behave whatever the model: order, budget, ids.

const servers: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function scripted(script: Step[], extra: Record<string, string> = {}, campus = fakeCampus()) {
  const server = await startFakeOpenAI((_req, i) => script[i] ?? { content: "(no more script)" });
  servers.push(server);
  return {
    server,
    agent: agentOn(
      { AGENT_MODEL: "openai-compatible", OPENAI_BASE_URL: server.url, MODEL_MAX_RETRIES: "0", ...extra },
      campus,
    ),
  };
}

describe("faults: tool semantics", () => {
  it("runs the calls of one message in the order written: clear, then add", async () => {
    const { agent } = await scripted(
      [
        { toolCalls: [{ name: "find_items", arguments: '{"q":"lassi"}' }] },
        {
          toolCalls: [
            { name: "clear_cart", arguments: "{}" },
            { name: "add_to_cart", arguments: '{"itemId":"i1"}' },
          ],
        },
        { content: "Your cart now holds one Mango Lassi." },
      ],
      {},
      fakeCampus({ slowTool: "clear_cart", slowMs: 80 }),
    );
    await agent.say(randomUUID(), "clear my cart and add a lassi");
    expect(agent.campus.ran.map((r) => r.name)).toEqual(["find_items", "clear_cart", "add_to_cart"]);
    expect(agent.campus.lines.map((l) => l.name)).toEqual(["Mango Lassi"]);
  });

  it("counts the step budget in rounds: five dishes in one round still leave room to answer", async () => {
    const adds = [1, 2, 3, 4, 5].map((n) => ({ name: "add_to_cart", arguments: `{"itemId":"i${n}"}` }));
    const { agent } = await scripted(
      [
        { toolCalls: [{ name: "find_items", arguments: "{}" }] },
        { toolCalls: adds },
        { content: "All five are in your cart." },
      ],
      { AGENT_MAX_TOOL_ROUNDS: "3" },
    );
    const turn = await agent.say(randomUUID(), "one of each of the first five");
    expect(agent.campus.lines).toHaveLength(5);
    expect(turn.events).toContainEqual({ type: "message", content: "All five are in your cart." });
  });

  it("stops a model that loops, after the round budget, with a reply the student understands", async () => {
    const loop = Array.from({ length: 10 }, () => ({ toolCalls: [{ name: "view_cart", arguments: "{}" }] }));
    const { server, agent } = await scripted(loop, { AGENT_MAX_TOOL_ROUNDS: "3" });
    const turn = await agent.say(randomUUID(), "cart");
    expect(server.recorded).toHaveLength(3);
    expect(turn.events).toContainEqual({ type: "message", content: expect.stringMatching(/couldn't finish/) });
  });

  it("refuses an item id no result in this thread showed, with an error the model can act on", async () => {
    const { server, agent } = await scripted([
      { toolCalls: [{ name: "add_to_cart", arguments: `{"itemId":"${DISHES[0]!.itemId}"}` }] }, // a real id, but made up here
      { toolCalls: [{ name: "find_items", arguments: '{"q":"ramen"}' }] },
      { toolCalls: [{ name: "add_to_cart", arguments: '{"itemId":"i1"}' }] },
      { content: "Added Tonkotsu Ramen." },
    ]);
    await agent.say(randomUUID(), "tonkotsu ramen please");
    expect(String(lastOf(server.recorded[1]!.body.messages, "tool")?.content)).toMatch(
      /"unknown_ref".*find_items or get_menu/,
    );
    expect(agent.campus.ran.filter((r) => r.name === "add_to_cart")).toHaveLength(1);
    expect(agent.campus.lines).toEqual([expect.objectContaining({ name: "Tonkotsu Ramen" })]);
  });

  it("refuses a cart line id where a dish id belongs, saying which is which", async () => {
    const { server, agent } = await scripted([
      { toolCalls: [{ name: "find_items", arguments: '{"q":"lassi"}' }] },
      { toolCalls: [{ name: "add_to_cart", arguments: '{"itemId":"i1"}' }] },
      { toolCalls: [{ name: "add_to_cart", arguments: '{"itemId":"l1"}' }] },
      { content: "ok" },
    ]);
    await agent.say(randomUUID(), "lassi, then another");
    expect(String(lastOf(server.recorded[3]!.body.messages, "tool")?.content)).toMatch(
      /l1 is a cart line id, not a dish id/,
    );
  });

  it("shows the model short handles, never the UUIDs", async () => {
    const { server, agent } = await scripted([
      { toolCalls: [{ name: "find_items", arguments: "{}" }] },
      { content: "Here is the menu." },
    ]);
    await agent.say(randomUUID(), "menu");
    const seen = JSON.stringify(server.recorded[1]!.body.messages);
    expect(seen).toContain('"itemId\\":\\"i1\\"');
    expect(seen).not.toMatch(/0196a4c0-0000/);
  });
});
