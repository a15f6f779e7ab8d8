import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Refund, TEST_CARDS } from "@ustbites/contracts";
import { card, createTestApp, paymentBody, type Student, type TestApp } from "./helpers.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function pay(student: Student, number: string = TEST_CARDS.success) {
  const res = await t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: paymentBody(student, { card: card(number) }) });
  return res.json() as { id: string; orderId: string; amountCents: number };
}

const refund = (student: Student, paymentId: string, payload: object = {}) =>
  t.app.inject({ method: "POST", url: `/payments/${paymentId}/refunds`, headers: student.headers, payload });

describe("POST /payments/:id/refunds", () => {
  it("refunds a SUCCEEDED payment in full (201) and marks it REFUNDED", async () => {
    const student = await t.student();
    const payment = await pay(student);
    const res = await refund(student, payment.id, { reason: "order cancelled by student" });
    expect(res.statusCode).toBe(201);
    expect(Refund.parse(res.json())).toMatchObject({
      paymentId: payment.id,
      orderId: payment.orderId,
      amountCents: payment.amountCents,
      currency: "HKD",
      reason: "order cancelled by student",
    });
    const after = await t.app.inject({ method: "GET", url: `/payments/${payment.id}`, headers: student.headers });
    expect(after.json().status).toBe("REFUNDED");
  });

  it("answers a second refund with the first one (200), refunding once", async () => {
    const student = await t.student();
    const payment = await pay(student);
    const first = await refund(student, payment.id);
    const second = await refund(student, payment.id, { reason: "asked twice" });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    expect(await t.prisma.refund.count({ where: { paymentId: payment.id } })).toBe(1);
  });

  it("refunds once for concurrent refund requests", async () => {
    const student = await t.student();
    const payment = await pay(student);
    const responses = await Promise.all(Array.from({ length: 5 }, () => refund(student, payment.id)));
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
    expect(await t.prisma.outboxEvent.count({ where: { type: "payment.refunded", payload: { path: ["payload", "paymentId"], equals: payment.id } } })).toBe(1);
  });

  it("refuses to refund a DECLINED payment with 409 and writes nothing", async () => {
    const student = await t.student();
    const payment = await pay(student, TEST_CARDS.decline);
    const res = await refund(student, payment.id);
    expect(res.statusCode).toBe(409);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.json().detail).toMatch(/DECLINED/);
    expect(await t.prisma.refund.count({ where: { paymentId: payment.id } })).toBe(0);
    expect((await t.prisma.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("DECLINED");
  });
});
