import { describe, expect, it } from "vitest";
import { AgentStreamEvent, ChatTurnBody, OrderConfirmation, ResumeBody } from "../src/index.ts";

const threadId = "0190a7c8-1234-7abc-8def-0123456789ab";
const summary = {
  restaurantName: "Spice Route",
  items: [{ name: "Paneer Wrap", quantity: 2, notes: "no onions", lineTotalCents: 9000 }],
  subtotalCents: 9000,
  deliveryFeeCents: 1000,
  totalCents: 10000,
  deliveryAddress: { building: "Hall 5", room: null, instructions: null },
  paymentMethod: "card ending 4242",
};

describe("agent", () => {
  it("rejects an empty or over-long chat message", () => {
    expect(ChatTurnBody.safeParse({ message: "   " }).success).toBe(false);
    expect(ChatTurnBody.safeParse({ message: "x".repeat(2001) }).success).toBe(false);
    expect(ChatTurnBody.parse({ message: " two paneer wraps " })).toEqual({ message: "two paneer wraps" });
  });

  it("requires a message when the student asks for a change", () => {
    expect(ResumeBody.safeParse({ threadId, decision: "change" }).error?.issues[0]?.path).toEqual(["message"]);
    expect(ResumeBody.safeParse({ threadId, decision: "approve" }).success).toBe(true);
  });

  it("requires the order id in a cancel confirmation only", () => {
    expect(OrderConfirmation.safeParse({ kind: "place_order", ...summary }).success).toBe(true);
    expect(OrderConfirmation.safeParse({ kind: "cancel_order", ...summary }).success).toBe(false);
    expect(OrderConfirmation.safeParse({ kind: "cancel_order", orderId: threadId, ...summary }).success).toBe(true);
  });

  it("parses every kind of stream event", () => {
    const events = [
      { type: "token", text: "Sure" },
      { type: "tool_call", id: "c1", name: "search_menu", args: { q: "paneer" } },
      { type: "tool_result", id: "c1", name: "search_menu", ok: true, result: [{ id: "x" }] },
      { type: "interrupt", threadId, confirmation: { kind: "place_order", ...summary } },
      { type: "message", content: "Your order is placed." },
      { type: "done", threadId },
      { type: "done", threadId, usage: { inputTokens: 812, outputTokens: 41 } },
      { type: "error", message: "The model is unavailable." },
    ];
    for (const event of events) expect(AgentStreamEvent.parse(event)).toEqual(event);
    expect(AgentStreamEvent.safeParse({ type: "thinking" }).success).toBe(false);
    expect(
      AgentStreamEvent.safeParse({ type: "done", threadId, usage: { inputTokens: -1, outputTokens: 0 } }).success,
    ).toBe(false);
  });
});
