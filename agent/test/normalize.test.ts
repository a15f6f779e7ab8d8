import { describe, expect, it } from "vitest";
import { AIMessage, AIMessageChunk, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { pairToolResults } from "../src/context/pairing.ts";
import { coerceArguments } from "../src/graph/coerce.ts";
import { RefRegistry } from "../src/graph/refs.ts";
import { normalizeModelOutput } from "../src/models/normalize/output.ts";
import { extractTextToolCalls } from "../src/models/normalize/text-tool-calls.ts";
import { stripThinking } from "../src/models/normalize/think.ts";
import { VisibleText } from "../src/models/normalize/visible-text.ts";

const TOOLS = new Set(["find_items", "view_cart"]);
const opts = {
  toolNames: TOOLS,
  seenCallIds: new Set<string>(),
  newCallId: (() => {
    let n = 0;
    return () => `n${++n}`;
  })(),
};

describe("model output, normalised", () => {
  it("drops thinking, whole, open-ended or opened by the template", () => {
    expect(stripThinking("<think>plan</think>Hi!")).toBe("Hi!");
    expect(stripThinking("plan…</think>\n\nHi!")).toBe("Hi!");
    expect(stripThinking("Hi <think>still going")).toBe("Hi");
  });

  it("reads Hermes, fenced and bare JSON tool calls for offered tools only", () => {
    expect(
      extractTextToolCalls('<tool_call>{"name":"find_items","arguments":{"q":"pho"}}</tool_call>', TOOLS).calls,
    ).toEqual([{ name: "find_items", args: { q: "pho" } }]);
    expect(extractTextToolCalls('```json\n{"name":"view_cart","parameters":"{}"}\n```', TOOLS).calls).toEqual([
      { name: "view_cart", args: {} },
    ]);
    expect(extractTextToolCalls('{"name": "view_cart", "arguments": {}}', TOOLS).calls).toHaveLength(1);
    const other = extractTextToolCalls('Example: {"name": "rm_rf", "arguments": {}}', TOOLS);
    expect(other).toEqual({ calls: [], text: 'Example: {"name": "rm_rf", "arguments": {}}' });
  });

  it("gives calls unique ids, and answers repaired (cut-off) arguments instead of running them", () => {
    const reply = new AIMessageChunk({
      content: "",
      tool_call_chunks: [{ id: "call_0", name: "find_items", args: '{"q": "pho"', index: 0, type: "tool_call_chunk" }],
    });
    const { message, answered } = normalizeModelOutput(reply as unknown as AIMessage, {
      ...opts,
      seenCallIds: new Set(["call_0"]),
    });
    expect(message.tool_calls?.[0]?.id).not.toBe("call_0");
    expect(answered).toHaveLength(1);
    expect(JSON.parse(String(answered[0]!.content))).toMatchObject({ error: { code: "bad_arguments" } });
  });
});

describe("streamed text the student sees", () => {
  const stream = (pieces: string[], isToolCall?: (s: string) => boolean) => {
    const v = new VisibleText(isToolCall);
    return pieces.map((p) => v.push(p)).join("") + v.end();
  };
  it("holds back thinking and tool calls even when their markers are split across pieces", () => {
    expect(stream(["<thi", "nk>secret</th", "ink>Hello", " there"])).toBe("Hello there");
    expect(stream(["Sure.", "<tool_", 'call>{"name":"x"}</tool_call>'])).toBe("Sure.");
  });
  it("lets a fenced block through when it is not a tool call, and a lone '<' at the end", () => {
    expect(stream(["```\ncode\n```"], () => false)).toBe("```\ncode\n```");
    expect(stream(["3 < 4 and 2 <"])).toBe("3 < 4 and 2 <");
  });
});

describe("ids the model reads", () => {
  it("maps UUIDs to short handles and back, refusing ids nobody showed", () => {
    const refs = new RefRegistry({});
    const dish = "0196a4c0-0000-7000-8000-000000000001";
    const order = "0196a4c0-0000-7000-8000-00000000abcd";
    expect(refs.render({ items: [{ itemId: dish, name: "Pho" }], orderId: order })).toEqual({
      items: [{ itemId: "i1", name: "Pho" }],
      orderId: "00000000abcd".slice(-8),
    });
    expect(refs.resolveArgs({ itemId: "i1" })).toEqual({ args: { itemId: dish } });
    expect(refs.resolveArgs({ itemId: "i2" })).toMatchObject({ error: { error: { code: "unknown_ref" } } });
    expect(refs.resolveArgs({ itemId: "0196a4c0-0000-7000-8000-0000000000ff" })).toMatchObject({
      error: { error: { code: "unknown_ref" } },
    });
    // An order's own id passes: order-service checks it belongs to the student.
    expect(refs.resolveArgs({ orderId: "0196a4c0-0000-7000-8000-0000000000ff" })).toEqual({
      args: { orderId: "0196a4c0-0000-7000-8000-0000000000ff" },
    });
    // A new registry over the stored table continues the numbering.
    const later = new RefRegistry(refs.added);
    expect(later.render({ itemId: "0196a4c0-0000-7000-8000-000000000002" })).toEqual({ itemId: "i2" });
  });
});

describe("arguments and history repair", () => {
  it("coerces what the schema means, and leaves the rest for validation to name", () => {
    const schema = {
      type: "object",
      properties: {
        quantity: { type: "integer" },
        openNow: { type: "boolean" },
        deliveryAddress: { type: "object", properties: { building: { type: "string" } } },
        q: { type: "string" },
      },
    };
    expect(
      coerceArguments({ quantity: "2", openNow: "true", deliveryAddress: '{"building":"Hall 5"}', q: "2" }, schema),
    ).toEqual({ quantity: 2, openNow: true, deliveryAddress: { building: "Hall 5" }, q: "2" });
    expect(coerceArguments({ quantity: "two" }, schema)).toEqual({ quantity: "two" });
  });

  it("answers every call and drops results without a call", () => {
    const ai = new AIMessage({
      content: "",
      tool_calls: [
        { id: "a", name: "view_cart", args: {} },
        { id: "b", name: "view_cart", args: {} },
      ],
    });
    const fixed = pairToolResults([
      new HumanMessage("hi"),
      ai,
      new ToolMessage({ tool_call_id: "a", content: "{}" }),
      new HumanMessage("again"),
      new ToolMessage({ tool_call_id: "zz", content: "{}" }),
    ]);
    expect(fixed.map((m) => [m.getType(), m instanceof ToolMessage ? m.tool_call_id : ""])).toEqual([
      ["human", ""],
      ["ai", ""],
      ["tool", "a"],
      ["tool", "b"],
      ["human", ""],
    ]);
  });
});
