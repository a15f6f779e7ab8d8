import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_CARDS } from "@ustbites/contracts";
import { abandonedPayment, createTestApp, paymentBody, pendingPayment, type TestApp } from "./helpers.ts";
import { card } from "@ustbites/kit/testing";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ timeoutCardDelayMs: 600 });
});
afterAll(() => t.close());

const chargesFor = (paymentId: string) => t.prisma.processorCharge.count({ where: { reference: paymentId } });

describe("POST /payments is idempotent by orderId", () => {
  it("answers a replay with the first payment (200) and charges once", async () => {
    const student = await t.student();
    const body = paymentBody(student);
    const first = await t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: body });
    const again = await t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: body });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await t.prisma.payment.count({ where: { orderId: body.orderId } })).toBe(1);
    expect(await chargesFor(first.json().id)).toBe(1);
  });

  it("replays a declined payment as declined instead of charging again", async () => {
    const student = await t.student();
    const body = paymentBody(student, { card: card(TEST_CARDS.decline) });
    const first = await t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: body });
    const again = await t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: body });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, status: "DECLINED", declineReason: "card_declined" });
  });

  it.each([
    ["a different amount", { amountCents: 9999 }],
    ["a different card", { card: card("5555555555554444") }],
  ])(
    "answers the same orderId with %s with 409 idempotency-conflict and leaves the payment alone",
    async (_name, change) => {
      const student = await t.student();
      const body = paymentBody(student);
      const first = await t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: body });
      const res = await t.app.inject({
        method: "POST",
        url: "/payments",
        headers: student.headers,
        payload: { ...body, ...change },
      });
      expect(res.statusCode).toBe(409);
      expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
      expect(res.json().type).toBe("urn:ustbites:problem:idempotency-conflict");
      const stored = await t.prisma.payment.findUniqueOrThrow({ where: { orderId: body.orderId } });
      expect(stored).toMatchObject({ id: first.json().id, amountCents: body.amountCents, cardLast4: "4242" });
    },
  );

  it("answers another student reusing an orderId with 409, not with the first student's payment", async () => {
    const [owner, other] = [await t.student(), await t.student()];
    const body = paymentBody(owner);
    await t.app.inject({ method: "POST", url: "/payments", headers: owner.headers, payload: body });
    const res = await t.app.inject({
      method: "POST",
      url: "/payments",
      headers: other.headers,
      payload: { ...body, userId: other.id },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).not.toHaveProperty("id");
  });

  it("makes one payment and one charge for 10 concurrent requests with the same orderId", async () => {
    const student = await t.student();
    const body = paymentBody(student);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: body }),
      ),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.every((s) => s === 201 || s === 200 || s === 409)).toBe(true);
    for (const res of responses.filter((r) => r.statusCode === 409)) {
      expect(res.json().type).toBe("urn:ustbites:problem:idempotency-in-progress");
      expect(res.headers["retry-after"]).toBe("1");
    }
    const ids = new Set(responses.filter((r) => r.statusCode < 300).map((r) => r.json().id));
    expect(ids.size).toBe(1);
    const rows = await t.prisma.payment.findMany({ where: { orderId: body.orderId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe("SUCCEEDED");
    expect(await chargesFor(rows[0]!.id)).toBe(1);
    expect(
      await t.prisma.outboxEvent.count({
        where: { type: "payment.succeeded", payload: { path: ["payload", "orderId"], equals: body.orderId } },
      }),
    ).toBe(1);
  });

  it("answers a request that arrives while the first is with the processor with 409 idempotency-in-progress", async () => {
    const student = await t.student();
    const body = paymentBody(student, { card: card(TEST_CARDS.timeout) });
    const first = t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: body });
    await pendingPayment(t.prisma, body.orderId);
    const during = await t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: body });
    expect(during.statusCode).toBe(409);
    expect(during.json().type).toBe("urn:ustbites:problem:idempotency-in-progress");
    expect((await first).statusCode).toBe(201);
    const after = await t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: body });
    expect(after.statusCode).toBe(200);
    expect(after.json().status).toBe("SUCCEEDED");
  });
});

describe("a payment whose request died mid-way", () => {
  async function abandoned(opts: { charged: boolean }) {
    const student = await t.student();
    return { student, ...(await abandonedPayment(t, student, opts)) };
  }

  it("is settled by the retry without charging twice when the processor had already charged it", async () => {
    const { student, body, id } = await abandoned({ charged: true });
    const res = await t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: body });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, status: "SUCCEEDED" });
    expect(await chargesFor(id)).toBe(1);
  });

  it("is charged by the retry when the processor never saw it", async () => {
    const { student, body, id } = await abandoned({ charged: false });
    const res = await t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: body });
    expect(res.json()).toMatchObject({ id, status: "SUCCEEDED" });
    expect(await chargesFor(id)).toBe(1);
  });

  it("is settled by a look-up: SUCCEEDED when the processor charged it", async () => {
    const { student, body, id } = await abandoned({ charged: true });
    const res = await t.app.inject({
      method: "GET",
      url: `/payments?orderId=${body.orderId}`,
      headers: student.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, status: "SUCCEEDED" });
    const events = await t.prisma.outboxEvent.findMany({
      where: { payload: { path: ["payload", "paymentId"], equals: id } },
    });
    expect(events.map((e) => e.type)).toEqual(["payment.succeeded"]);
  });

  it("is settled by a look-up as DECLINED processor_error when the processor never saw it, and a late charge is refused", async () => {
    const { student, body, id } = await abandoned({ charged: false });
    const res = await t.app.inject({ method: "GET", url: `/payments/${id}`, headers: student.headers });
    expect(res.json()).toMatchObject({ id, status: "DECLINED", declineReason: "processor_error" });
    // The retry that finally arrives gets the recorded answer; no money moves after the order was told it failed.
    const retry = await t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: body });
    expect(retry.json()).toMatchObject({ id, status: "DECLINED" });
    const charge = await t.prisma.processorCharge.findUniqueOrThrow({ where: { reference: id } });
    expect(charge).toMatchObject({ status: "DECLINED", declineReason: "processor_error", cardLast4: null });
  });

  it("is left alone by a look-up while its lease runs: it is still being processed", async () => {
    const student = await t.student();
    const body = paymentBody(student, { card: card(TEST_CARDS.timeout) });
    const first = t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: body });
    await pendingPayment(t.prisma, body.orderId);
    const during = await t.app.inject({
      method: "GET",
      url: `/payments?orderId=${body.orderId}`,
      headers: student.headers,
    });
    expect(during.json().status).toBe("PENDING");
    expect((await first).json().status).toBe("SUCCEEDED");
  });
});
