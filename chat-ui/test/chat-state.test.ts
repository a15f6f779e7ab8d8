import type { ThreadDetail } from "@ustbites/contracts";
import { describe, expect, it } from "vitest";
import { convertMessage } from "../src/chat/runtime.ts";
import {
  answerPending,
  applyEvent,
  assistantMessage,
  EMPTY_CHAT,
  fromThreadDetail,
  startTurn,
  userMessage,
  type ChatState,
  type ToolPart,
} from "../src/chat/state.ts";
import { CONFIRMATION, THREAD_ID } from "./fixtures.ts";

const toolParts = (state: ChatState) =>
  state.messages.flatMap((m) => m.parts.filter((p): p is ToolPart => p.type === "tool-call"));

describe("folding the agent's stream into chat messages", () => {
  it("streams tokens into text, joins a tool's result to its call and ends the turn on done", () => {
    const reply = assistantMessage();
    let state = startTurn(EMPTY_CHAT, userMessage("find paneer"), reply);
    state = applyEvent(state, reply.id, { type: "tool_call", id: "c1", name: "find_items", args: { q: "paneer" } });
    state = applyEvent(state, reply.id, {
      type: "tool_result",
      id: "c1",
      name: "find_items",
      ok: true,
      result: { items: [] },
    });
    state = applyEvent(state, reply.id, { type: "token", text: "Here " });
    state = applyEvent(state, reply.id, { type: "token", text: "you go" });
    state = applyEvent(state, reply.id, { type: "done", threadId: THREAD_ID });

    const message = state.messages[1]!;
    expect(message.parts).toEqual([
      {
        type: "tool-call",
        toolCallId: "c1",
        toolName: "find_items",
        args: { q: "paneer" },
        result: { items: [] },
        isError: false,
      },
      { type: "text", text: "Here you go" },
    ]);
    expect(message.status).toBe("complete");
    expect(state).toMatchObject({ threadId: THREAD_ID, running: false });
  });

  it("hangs an interrupt's summary on the pending place_order call and shows it to assistant-ui as an interrupt", () => {
    const reply = assistantMessage();
    let state = startTurn(EMPTY_CHAT, userMessage("check out, deliver to Hall 5"), reply);
    state = applyEvent(state, reply.id, {
      type: "tool_call",
      id: "po",
      name: "place_order",
      args: { deliveryAddress: { building: "Hall 5" } },
    });
    state = applyEvent(state, reply.id, { type: "interrupt", threadId: THREAD_ID, confirmation: CONFIRMATION });
    state = applyEvent(state, reply.id, { type: "done", threadId: THREAD_ID });

    expect(state.pending).toEqual({ toolCallId: "po", confirmation: CONFIRMATION });
    expect(state.messages[1]!.status).toBe("awaiting");
    const part = convertMessage(state.messages[1]!).content[0] as { interrupt?: unknown; artifact?: unknown };
    expect(part.interrupt).toEqual({ type: "human", payload: CONFIRMATION });
    expect(convertMessage(state.messages[1]!).status).toEqual({ type: "requires-action", reason: "interrupt" });
  });

  it("records the answer and puts the resumed call's result on the original call", () => {
    const first = assistantMessage();
    let state = startTurn(EMPTY_CHAT, userMessage("check out"), first);
    state = applyEvent(state, first.id, { type: "tool_call", id: "po", name: "place_order", args: {} });
    state = applyEvent(state, first.id, { type: "interrupt", threadId: THREAD_ID, confirmation: CONFIRMATION });
    state = applyEvent(state, first.id, { type: "done", threadId: THREAD_ID });

    const second = assistantMessage();
    state = startTurn(answerPending(state, "approve"), null, second);
    expect(state.pending).toBeNull();
    state = applyEvent(state, second.id, {
      type: "tool_result",
      id: "po",
      name: "place_order",
      ok: true,
      result: { orderId: "o-1", total: "HK$94.00" },
    });
    state = applyEvent(state, second.id, { type: "message", content: "Your order is placed!" });

    const [call] = toolParts(state);
    expect(call).toMatchObject({ toolCallId: "po", answer: "approve", result: { orderId: "o-1", total: "HK$94.00" } });
    expect(state.messages.at(-1)!.parts).toEqual([{ type: "text", text: "Your order is placed!" }]);
    const converted = convertMessage(state.messages[1]!).content[0] as { interrupt?: unknown };
    expect(converted.interrupt).toBeUndefined();
  });

  it("marks the reply as failed with the agent's message on an error event", () => {
    const reply = assistantMessage();
    let state = startTurn(EMPTY_CHAT, userMessage("hi"), reply);
    state = applyEvent(state, reply.id, { type: "error", message: "Sorry, something went wrong on our side." });
    expect(state.messages[1]).toMatchObject({ status: "error", error: "Sorry, something went wrong on our side." });
    expect(convertMessage(state.messages[1]!).status).toEqual({
      type: "incomplete",
      reason: "error",
      error: "Sorry, something went wrong on our side.",
    });
    expect(state.running).toBe(false);
  });

  it("rebuilds a stored thread with its tool results and its pending confirmation", () => {
    const at = "2026-11-22T04:00:00.000Z";
    const detail: ThreadDetail = {
      thread: { id: THREAD_ID, title: "two paneer wraps", createdAt: at, updatedAt: at },
      messages: [
        { role: "user", content: "add two paneer tikka wraps", at },
        { role: "assistant", content: "", toolCalls: [{ id: "a1", name: "add_to_cart", args: { quantity: 2 } }], at },
        // What the model read (content) is not what the app reads: the typed result with real ids.
        {
          role: "tool",
          content: '{"lines":[],"total":"HK$0.00"}',
          result: { lines: [], total: "HK$0.00" },
          ok: true,
          toolName: "add_to_cart",
          toolCallId: "a1",
          at,
        },
        { role: "assistant", content: "Added.", at },
        { role: "user", content: "check out, deliver to Hall 5", at },
        { role: "assistant", content: "", toolCalls: [{ id: "po", name: "place_order", args: {} }], at },
      ],
      pendingConfirmation: CONFIRMATION,
    };
    const state = fromThreadDetail(detail);
    expect(state.messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect(state.messages[1]!.parts).toEqual([
      {
        type: "tool-call",
        toolCallId: "a1",
        toolName: "add_to_cart",
        args: { quantity: 2 },
        result: { lines: [], total: "HK$0.00" },
        isError: false,
      },
      { type: "text", text: "Added." },
    ]);
    expect(state.pending).toEqual({ toolCallId: "po", confirmation: CONFIRMATION });
    expect(state.messages[3]!.status).toBe("awaiting");
  });
});
