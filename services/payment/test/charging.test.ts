import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Payment, TEST_CARDS } from "@ustbites/contracts";
import { createTestApp, paymentBody, rowCounts, type TestApp } from "./helpers.ts";
import { card } from "@ustbites/kit/testing";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("POST /payments charges through the simulated processor", () => {
  it("charges the success card: 201 SUCCEEDED, last four and brand only", async () => {
    const student = await t.student();
    const body = paymentBody(student, { amountCents: 12_345 });
    const res = await t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: body });
    expect(res.statusCode).toBe(201);
    const payment = Payment.parse(res.json());
    expect(payment).toMatchObject({
      orderId: body.orderId,
      userId: student.id,
      status: "SUCCEEDED",
      amountCents: 12_345,
      currency: "HKD",
      cardLast4: "4242",
      cardBrand: "visa",
      declineReason: null,
    });
    expect(res.json()).not.toHaveProperty("card");
  });

  it.each([
    ["decline", TEST_CARDS.decline, "card_declined"],
    ["insufficientFunds", TEST_CARDS.insufficientFunds, "insufficient_funds"],
  ])(
    "answers the %s card (%s) with 201 DECLINED, reason %s: the payment exists, it was declined",
    async (_name, number, reason) => {
      const student = await t.student();
      const res = await t.app.inject({
        method: "POST",
        url: "/payments",
        headers: student.headers,
        payload: paymentBody(student, { card: card(number) }),
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ status: "DECLINED", declineReason: reason, cardLast4: number.slice(-4) });
    },
  );

  it("charges any other valid card, typed with spaces, and names its network", async () => {
    const student = await t.student();
    const res = await t.app.inject({
      method: "POST",
      url: "/payments",
      headers: student.headers,
      payload: paymentBody(student, { card: card("5555 5555 5555 4444") }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: "SUCCEEDED", cardLast4: "4444", cardBrand: "mastercard" });
  });

  it.each([
    ["no token", undefined],
    ["a malformed token", "Bearer not.a.jwt"],
    ["another scheme", "Basic dXNlcjpwYXNz"],
  ])("answers a request with %s with 401 before reading the body", async (_name, authorization) => {
    const student = await t.student();
    const before = await rowCounts(t.prisma);
    const res = await t.app.inject({
      method: "POST",
      url: "/payments",
      headers: authorization ? { authorization } : {},
      payload: paymentBody(student),
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect(await rowCounts(t.prisma)).toEqual(before);
  });

  it("describes every route in the OpenAPI document", async () => {
    const res = await t.app.inject({ method: "GET", url: "/docs/json" });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths).sort()).toEqual(["/payments", "/payments/{id}"]);
  });

  it("is ready when its database answers", async () => {
    const res = await t.app.inject({ method: "GET", url: "/readyz" });
    expect(res.json()).toEqual({ status: "ready", checks: { database: "ok" } });
  });
});
