import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_CARDS } from "@ustbites/contracts";
import { createMemoryBus, type MemoryBus } from "@ustbites/kit/bus";
import { subscribeToOrderEvents } from "../src/consumers/order-events.ts";
import { createTestApp, orderCancelled, paymentBody, rowCounts, type Student, type TestApp } from "./helpers.ts";
import { card } from "@ustbites/kit/testing";

let t: TestApp;
let bus: MemoryBus;
beforeAll(async () => {
  bus = createMemoryBus({ log: { info() {}, warn() {}, error() {} } });
  t = await createTestApp({ subscribe: (payments) => subscribeToOrderEvents({ bus, payments }) });
});
afterAll(async () => {
  await t.close();
  await bus.close();
});

async function pay(student: Student, number: string = TEST_CARDS.success) {
  const res = await t.app.inject({
    method: "POST",
    url: "/payments",
    headers: student.headers,
    payload: paymentBody(student, { card: card(number) }),
  });
  return res.json() as { id: string; orderId: string; amountCents: number };
}

const cancelled = (student: Student, orderId: string) => orderCancelled(orderId, student.id);

describe("refunds happen only through the saga", () => {
  it("has no refund route: a caller asking for one gets 404 and the payment stays SUCCEEDED", async () => {
    const student = await t.student();
    const payment = await pay(student);
    const before = await rowCounts(t.prisma);
    const res = await t.app.inject({
      method: "POST",
      url: `/payments/${payment.id}/refunds`,
      headers: student.headers,
      payload: {},
    });
    expect(res.statusCode).toBe(404);
    expect(await rowCounts(t.prisma)).toEqual(before);
    expect((await t.prisma.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("SUCCEEDED");
  });

  it("refunds in full, once, for several cancellations of one order arriving together", async () => {
    const student = await t.student();
    const payment = await pay(student);
    await Promise.all(Array.from({ length: 5 }, () => bus.publish([cancelled(student, payment.orderId)])));
    await expect
      .poll(async () => (await t.prisma.payment.findUniqueOrThrow({ where: { id: payment.id } })).status)
      .toBe("REFUNDED");
    await new Promise((r) => setTimeout(r, 100));
    const refunds = await t.prisma.refund.findMany({ where: { paymentId: payment.id } });
    expect(refunds).toMatchObject([{ amountCents: payment.amountCents, currency: "HKD", reason: "order cancelled" }]);
    expect(
      await t.prisma.outboxEvent.count({
        where: { type: "payment.refunded", payload: { path: ["payload", "paymentId"], equals: payment.id } },
      }),
    ).toBe(1);
  });

  it("refunds nothing for a DECLINED payment", async () => {
    const student = await t.student();
    const payment = await pay(student, TEST_CARDS.decline);
    await bus.publish([cancelled(student, payment.orderId)]);
    await new Promise((r) => setTimeout(r, 200));
    expect(await t.prisma.refund.count({ where: { paymentId: payment.id } })).toBe(0);
    expect((await t.prisma.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("DECLINED");
  });
});
