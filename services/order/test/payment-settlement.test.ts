import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, TEST_CARDS, type Order } from "@ustbites/contracts";
import { PAYMENT_MISMATCH } from "../src/domain/saga.ts";
import { orderBody, sleep, startStack, type Stack } from "./helpers.ts";

const SETTLE_TIMEOUT_MS = 1000;
let paymentsUnreachable = false;

/** While `paymentsUnreachable`, POST /payments never reaches payment-service (a network failure). */
const flakyNetwork: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (paymentsUnreachable && url.pathname === "/payments") throw new TypeError("fetch failed");
  return fetch(input, init);
};

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    paymentTimeoutMs: 300,
    timeoutCardDelayMs: 1500,
    settleTimeoutMs: SETTLE_TIMEOUT_MS,
    fetch: flakyNetwork,
  });
});
afterAll(() => stack?.close());

describe("settling payments that did not answer in time", () => {
  it("answers 202 PENDING when payment times out, then confirms on payment.succeeded, charging once", async () => {
    const s = await stack.student();
    const item = await stack.menuItem("canton-kitchen", "Char Siu Rice");
    await stack.addToCart(s, item.id);

    const res = await stack.place(s, orderBody(TEST_CARDS.timeout));
    expect(res.statusCode).toBe(202);
    const order = res.json() as Order;
    expect(order.status).toBe("PENDING");

    // payment-service finishes the charge later and emits payment.succeeded; the reconciler settles the order.
    await expect
      .poll(() => stack.statusOf(order.id), { message: "order confirmed by the reconciler" })
      .toBe("CONFIRMED");
    const settled = (await stack.get(s, `/orders/${order.id}`)).json() as Order;
    expect(settled).toMatchObject({ status: "CONFIRMED", paymentLast4: TEST_CARDS.timeout.slice(-4) });
    expect(await stack.paymentPrisma.payment.count({ where: { orderId: order.id } })).toBe(1);
    expect(
      await stack.paymentPrisma.processorCharge.count({
        where: { status: "SUCCEEDED", amountCents: order.totalCents },
      }),
    ).toBe(1);
    expect((await stack.outboxTypes(order.id)).filter((t) => t === "order.confirmed")).toHaveLength(1);
    expect(
      (await stack.get(s, `/orders/${order.id}/events`)).json().events.map((e: { status: string }) => e.status),
    ).toEqual(["PENDING", "CONFIRMED"]);
  });

  it("fails a PENDING order whose payment never completed, and ignores a payment event arriving after", async () => {
    const s = await stack.student();
    const item = await stack.menuItem("canton-kitchen", "Yuenyeung");
    await stack.addToCart(s, item.id);

    paymentsUnreachable = true;
    const res = await stack.place(s);
    paymentsUnreachable = false;
    expect(res.statusCode).toBe(202);
    const order = res.json() as Order;

    expect(await stack.main.workers.sweep()).toBe(0);
    await sleep(SETTLE_TIMEOUT_MS + 50);
    expect(await stack.main.workers.sweep()).toBe(1);
    const failed = (await stack.get(s, `/orders/${order.id}`)).json() as Order;
    expect(failed).toMatchObject({ status: "PAYMENT_FAILED", failureReason: "payment did not complete" });
    expect(await stack.outboxTypes(order.id)).toContain("order.payment_failed");
    // The cart is kept for another try.
    expect((await stack.cartOf(s)).lines).toHaveLength(1);

    // A payment that succeeded late changes nothing here (payment-service refunds it on order.payment_failed).
    const late = createEvent(
      "payment.succeeded",
      {
        paymentId: "0196a4c0-0000-7000-8000-0000000000aa",
        orderId: order.id,
        userId: s.id,
        amountCents: order.totalCents,
        currency: "HKD",
        cardLast4: "4242",
        cardBrand: "visa",
      },
      { source: "payment", correlationId: order.id },
    );
    await stack.main.bus.publish([late, late]);
    await expect
      .poll(() => stack.prisma.inboxEvent.count({ where: { eventId: late.id } }), {
        message: "late payment event handled",
      })
      .toBe(1);
    await sleep(200);
    expect(await stack.statusOf(order.id)).toBe("PAYMENT_FAILED");
    expect(await stack.prisma.orderEventRow.count({ where: { orderId: order.id } })).toBe(2);
  });

  it("settles a declined payment reported only by event, once, however often it is delivered", async () => {
    const s = await stack.student();
    const item = await stack.menuItem("canton-kitchen", "Curry Fish Balls");
    await stack.addToCart(s, item.id);
    paymentsUnreachable = true;
    const order = (await stack.place(s)).json() as Order;
    paymentsUnreachable = false;
    expect(order.status).toBe("PENDING");

    const declined = createEvent(
      "payment.declined",
      {
        paymentId: "0196a4c0-0000-7000-8000-0000000000bb",
        orderId: order.id,
        userId: s.id,
        amountCents: order.totalCents,
        currency: "HKD",
        declineReason: "card_declined",
      },
      { source: "payment", correlationId: order.id },
    );
    await stack.main.bus.publish([declined, declined, declined]);
    await expect.poll(() => stack.statusOf(order.id), { message: "declined" }).toBe("PAYMENT_FAILED");
    await sleep(200);
    expect((await stack.outboxTypes(order.id)).filter((t) => t === "order.payment_failed")).toHaveLength(1);
    expect(await stack.prisma.orderEventRow.count({ where: { orderId: order.id } })).toBe(2);
  });

  it.each([
    ["HK$0.01", (_o: Order, userId: string) => ({ amountCents: 1, userId })],
    ["another student", (o: Order) => ({ amountCents: o.totalCents, userId: "0196a4c0-0000-7000-8000-0000000000cc" })],
  ])(
    "never confirms an order with a payment made for %s: it fails, flagged, so the payment is refunded",
    async (_name, paid) => {
      const s = await stack.student();
      const item = await stack.menuItem("canton-kitchen", "Char Siu Rice");
      await stack.addToCart(s, item.id);
      paymentsUnreachable = true;
      const order = (await stack.place(s)).json() as Order;
      paymentsUnreachable = false;
      expect(order.status).toBe("PENDING");

      // What payment-service reports when someone else posted first for this order id.
      const cheap = createEvent(
        "payment.succeeded",
        {
          paymentId: "0196a4c0-0000-7000-8000-0000000000dd",
          orderId: order.id,
          currency: "HKD",
          cardLast4: "4242",
          cardBrand: "visa",
          ...paid(order, s.id),
        },
        { source: "payment", correlationId: order.id },
      );
      await stack.main.bus.publish([cheap]);
      await expect
        .poll(() => stack.statusOf(order.id), { message: "mismatched payment refused" })
        .toBe("PAYMENT_FAILED");
      const failed = (await stack.get(s, `/orders/${order.id}`)).json() as Order;
      expect(failed).toMatchObject({ status: "PAYMENT_FAILED", failureReason: PAYMENT_MISMATCH });
      const types = await stack.outboxTypes(order.id);
      expect(types).not.toContain("order.confirmed");
      expect(types).toContain("order.payment_failed");
    },
  );
});
