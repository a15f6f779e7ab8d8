import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Payment, TEST_CARDS } from "@ustbites/contracts";
import { createTestApp, paymentBody, pendingPayment, type TestApp } from "./helpers.ts";
import { card } from "@ustbites/kit/testing";

const DELAY_MS = 3000;
let t: TestApp;
let baseUrl: string;
beforeAll(async () => {
  t = await createTestApp({ timeoutCardDelayMs: DELAY_MS });
  // A real socket, so the client can really hang up on the request.
  baseUrl = await t.app.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(() => t.close());

describe("the timeout card", () => {
  it("completes after the caller gave up, and the caller's later look-up finds it SUCCEEDED", async () => {
    const student = await t.student();
    const body = paymentBody(student, { card: card(TEST_CARDS.timeout) });
    const headers = { ...student.headers, "content-type": "application/json" };
    const started = Date.now();

    // The caller hangs up while the processor is working on the charge: a fixed client timeout could
    // fire before a loaded machine even delivered the request, which is a different case.
    const hangUp = new AbortController();
    const request = fetch(`${baseUrl}/payments`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      signal: hangUp.signal,
    }).then(
      () => false,
      (err: Error) => err.name === "AbortError",
    );
    await pendingPayment(t.prisma, body.orderId);
    hangUp.abort();
    expect(await request).toBe(true);

    // What order-service's reconciler does: ask until the outcome is known (404 until the request has
    // reached the database, PENDING while the processor sits on it).
    const ask = async () => {
      const res = await fetch(`${baseUrl}/payments?orderId=${body.orderId}`, { headers: student.headers });
      return res.status === 404 ? undefined : Payment.parse(await res.json());
    };
    await expect.poll(async () => (await ask())?.status).toBe("SUCCEEDED");
    const payment = Payment.parse(await ask());
    expect(payment).toMatchObject({
      orderId: body.orderId,
      status: "SUCCEEDED",
      cardLast4: TEST_CARDS.timeout.slice(-4),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(DELAY_MS);
    expect(await t.prisma.processorCharge.count({ where: { reference: payment.id } })).toBe(1);
  });
});
