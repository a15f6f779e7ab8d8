import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, paymentBody, rowCounts, type Student, type TestApp } from "./helpers.ts";

let t: TestApp;
let student: Student;
let payment: { id: string; orderId: string };
beforeAll(async () => {
  t = await createTestApp();
  student = await t.student();
  payment = (
    await t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: paymentBody(student) })
  ).json();
});
afterAll(() => t.close());

const routes = () =>
  [
    ["POST", "/payments"],
    ["GET", `/payments?orderId=${payment.orderId}`],
    ["GET", `/payments/${payment.id}`],
  ] as const;

describe("only order-service may call payment-service", () => {
  it("answers order-service's service token on every route", async () => {
    for (const [method, url] of routes()) {
      const res = await t.app.inject({
        method,
        url,
        headers: student.headers,
        ...(method === "POST" ? { payload: paymentBody(student) } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBeLessThan(300);
    }
  });

  it.each([
    ["no token", async () => undefined, 401],
    ["the student's own token (the free-food and HK$0.01 paths)", async () => student.token, 401],
    ["another service's token", () => t.serviceToken("cart"), 403],
    ["order-service's token made for another service", () => t.serviceToken("order", "restaurant"), 401],
  ])("refuses %s on every route, before reading the body, writing nothing", async (_name, token, status) => {
    const authorization = await token();
    const before = await rowCounts(t.prisma);
    for (const [method, url] of routes()) {
      const res = await t.app.inject({
        method,
        url,
        headers: authorization ? { authorization: `Bearer ${authorization}` } : {},
        // A body that would fail validation: the refusal must come first.
        ...(method === "POST" ? { payload: { orderId: "not-a-uuid", amountCents: 1 } } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(status);
      expect(res.headers["content-type"]).toMatch(/problem\+json/);
    }
    expect(await rowCounts(t.prisma)).toEqual(before);
  });
});
