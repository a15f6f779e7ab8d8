import { describe, expect, it } from "vitest";
import {
  CANCELLABLE_STATUSES,
  ORDER_STATUSES,
  OrderIdempotencyHeaders,
  OrderListQuery,
  OrderStreamClientMessage,
  OrderStreamServerMessage,
  PlaceOrderBody,
  TERMINAL_STATUSES,
  TEST_CARDS,
  isCancellableStatus,
  shortOrderId,
  isTerminalStatus,
} from "../src/index.ts";

const orderId = "0190a7c8-1234-7abc-8def-0123456789ab";
const body = {
  deliveryAddress: { building: "Hall 5", room: "512" },
  payment: { number: TEST_CARDS.success, expMonth: 1, expYear: 2099, cvc: "123" },
};

describe("orders", () => {
  it("accepts a place-order body and names the failing nested field otherwise", () => {
    expect(PlaceOrderBody.safeParse(body).success).toBe(true);
    const result = PlaceOrderBody.safeParse({ ...body, deliveryAddress: { building: "" } });
    expect(result.error?.issues[0]?.path).toEqual(["deliveryAddress", "building"]);
  });

  it("rejects client-supplied items or totals in a place-order body", () => {
    expect(PlaceOrderBody.safeParse({ ...body, totalCents: 1 }).success).toBe(false);
  });

  it("requires an Idempotency-Key header and keeps the other headers", () => {
    expect(OrderIdempotencyHeaders.safeParse({ host: "x" }).success).toBe(false);
    expect(OrderIdempotencyHeaders.parse({ "idempotency-key": orderId, host: "x" })).toEqual({
      "idempotency-key": orderId,
      host: "x",
    });
    expect(OrderIdempotencyHeaders.safeParse({ "idempotency-key": "has space in it" }).success).toBe(false);
  });

  it("filters order lists by status", () => {
    expect(OrderListQuery.parse({ status: "DELIVERED", limit: "5" })).toEqual({
      status: "DELIVERED",
      limit: 5,
      offset: 0,
    });
    expect(OrderListQuery.safeParse({ status: "delivered" }).success).toBe(false);
  });

  it("splits statuses into terminal and cancellable ones", () => {
    expect(ORDER_STATUSES.filter(isTerminalStatus)).toEqual([...TERMINAL_STATUSES]);
    expect(ORDER_STATUSES.filter(isCancellableStatus)).toEqual([...CANCELLABLE_STATUSES]);
    expect(isCancellableStatus("PICKED_UP")).toBe(false);
  });

  it("parses stream messages in both directions and rejects unknown types", () => {
    expect(OrderStreamClientMessage.parse({ type: "subscribe", orderId, afterSeq: 3 })).toEqual({
      type: "subscribe",
      orderId,
      afterSeq: 3,
    });
    expect(OrderStreamClientMessage.safeParse({ type: "shout" }).success).toBe(false);
    expect(OrderStreamClientMessage.safeParse({ type: "ping", extra: 1 }).success).toBe(false);
    const status = { type: "status", orderId, status: "PICKED_UP", seq: 4, at: "2026-11-22T03:51:00.000Z", eta: null };
    expect(OrderStreamServerMessage.parse(status)).toEqual(status);
    expect(OrderStreamServerMessage.safeParse({ ...status, seq: 0 }).success).toBe(false);
  });
});

describe("shortOrderId", () => {
  it("tells apart orders placed in the same millisecond by the random tail of their UUID v7", () => {
    const a = "019a8f3c-1d2e-7a00-8b1c-3f9a1c2e4d5f";
    const b = "019a8f3c-1d2e-7a00-9c2d-77aa01be9e10";
    expect(shortOrderId(a)).toBe("1c2e4d5f");
    expect(shortOrderId(b)).toBe("01be9e10");
    expect(a.slice(0, 8)).toBe(b.slice(0, 8));
  });
});
