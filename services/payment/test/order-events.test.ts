import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createEvent, TEST_CARDS } from "@ustbites/contracts";
import { createMemoryBus, type MemoryBus } from "@ustbites/kit/bus";
import { subscribeToOrderEvents } from "../src/consumers/order-events.ts";
import { abandonedPayment, createTestApp, orderCancelled, paymentBody, type Student, type TestApp } from "./helpers.ts";
import { card } from "@ustbites/kit/testing";

let t: TestApp;
let bus: MemoryBus;
let student: Student;

beforeAll(async () => {
  bus = createMemoryBus({ log: { info() {}, warn() {}, error() {} } });
  t = await createTestApp({
    timeoutCardDelayMs: 300,
    subscribe: (payments) => subscribeToOrderEvents({ bus, payments }),
  });
  student = await t.student();
});
afterAll(async () => {
  await t.close();
  await bus.close();
});

const pay = async (cardNumber: string, orderId = randomUUID()) => {
  const res = await t.app.inject({
    method: "POST",
    url: "/payments",
    headers: student.headers,
    payload: paymentBody(student, { orderId, card: card(cardNumber) }),
  });
  return { orderId, status: res.json().status as string, code: res.statusCode };
};

const orderEvent = (type: "order.cancelled" | "order.payment_failed", orderId: string) =>
  type === "order.cancelled"
    ? orderCancelled(orderId, student.id)
    : createEvent("order.payment_failed", {
        orderId,
        userId: student.id,
        userEmail: "s@connect.ust.hk",
        restaurantName: "Spice Route",
        totalCents: 4850,
        reason: "payment did not complete",
      });

const statusOf = async (orderId: string) => (await t.prisma.payment.findUnique({ where: { orderId } }))?.status;

describe("refunds driven by order events", () => {
  it("refunds the payment of a cancelled order, once, even if the event comes twice", async () => {
    const { orderId, status } = await pay(TEST_CARDS.success);
    expect(status).toBe("SUCCEEDED");
    const event = orderEvent("order.cancelled", orderId);
    await bus.publish([event]);
    await bus.publish([event]);
    await expect.poll(() => statusOf(orderId)).toBe("REFUNDED");
    await new Promise((r) => setTimeout(r, 100));
    expect(await t.prisma.refund.count({ where: { payment: { orderId } } })).toBe(1);
    const refunded = await t.prisma.outboxEvent.findMany({ where: { type: "payment.refunded" } });
    expect(refunded.filter((row) => JSON.stringify(row.payload).includes(orderId))).toHaveLength(1);
  });

  it("refunds a charge that succeeded after order-service gave up on it", async () => {
    const orderId = randomUUID();
    // The timeout card: the processor answers after 300 ms; the order was already failed.
    const charging = pay(TEST_CARDS.timeout, orderId);
    await expect.poll(() => statusOf(orderId)).toBe("PENDING");
    await bus.publish([orderEvent("order.payment_failed", orderId)]);
    expect((await charging).status).toBe("SUCCEEDED");
    await expect.poll(() => statusOf(orderId), { timeout: 60_000 }).toBe("REFUNDED");
  });

  it("refunds a charge whose request died with its process (lease run out), instead of retrying until the DLQ", async () => {
    // The platform was killed between the processor's charge and the payment's update; order-service's
    // sweeper then failed the order. The payment must not stay PENDING (and charged) forever.
    const { body, id } = await abandonedPayment(t, student, { charged: true });
    await bus.publish([orderEvent("order.payment_failed", body.orderId)]);
    await expect.poll(() => statusOf(body.orderId)).toBe("REFUNDED");
    expect(await t.prisma.processorCharge.count({ where: { reference: id } })).toBe(1);
    expect(bus.deadLetters("payment.order-events")).toHaveLength(0);
  });

  it("voids a dead request's payment that never reached the processor: nothing to refund", async () => {
    const { body, id } = await abandonedPayment(t, student, { charged: false });
    await bus.publish([orderEvent("order.payment_failed", body.orderId)]);
    await expect.poll(() => statusOf(body.orderId)).toBe("DECLINED");
    expect(await t.prisma.processorCharge.findUnique({ where: { reference: id } })).toMatchObject({
      status: "DECLINED",
    });
    expect(await t.prisma.refund.count({ where: { paymentId: id } })).toBe(0);
  });

  it("does nothing for a declined payment", async () => {
    const { orderId, status } = await pay(TEST_CARDS.decline);
    expect(status).toBe("DECLINED");
    await bus.publish([orderEvent("order.payment_failed", orderId)]);
    await new Promise((r) => setTimeout(r, 200));
    expect(await statusOf(orderId)).toBe("DECLINED");
    expect(bus.deadLetters("payment.order-events")).toHaveLength(0);
  });
});
