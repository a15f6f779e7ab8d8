import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, paymentBody, rowCounts, type Student, type TestApp } from "./helpers.ts";

let t: TestApp;
let owner: Student;
let other: Student;
let payment: { id: string; orderId: string };
beforeAll(async () => {
  t = await createTestApp();
  [owner, other] = [await t.student(), await t.student()];
  payment = (await t.app.inject({ method: "POST", url: "/payments", headers: owner.headers, payload: paymentBody(owner) })).json();
});
afterAll(() => t.close());

describe("a student sees only their own payments", () => {
  it.each([
    ["look up by order", "GET", () => `/payments?orderId=${payment.orderId}`],
    ["read by id", "GET", () => `/payments/${payment.id}`],
  ] as const)("another student's %s gets 404, exactly like a payment that does not exist", async (_name, method, url) => {
    const before = await rowCounts(t.prisma);
    const res = await t.app.inject({ method, url: url(), headers: other.headers });
    expect(res.statusCode).toBe(404);
    expect(res.json().type).toBe("urn:ustbites:problem:not-found");
    const missing = await t.app.inject({ method, url: url().replace(payment.id, crypto.randomUUID()).replace(payment.orderId, crypto.randomUUID()), headers: other.headers });
    expect(missing.statusCode).toBe(404);
    expect(await rowCounts(t.prisma)).toEqual(before);
    expect((await t.prisma.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("SUCCEEDED");
  });

  it("the owner reads the same payment by order and by id", async () => {
    const byOrder = await t.app.inject({ method: "GET", url: `/payments?orderId=${payment.orderId}`, headers: owner.headers });
    const byId = await t.app.inject({ method: "GET", url: `/payments/${payment.id}`, headers: owner.headers });
    expect(byOrder.statusCode).toBe(200);
    expect(byId.json()).toEqual(byOrder.json());
    expect(byId.json()).toMatchObject({ id: payment.id, userId: owner.id });
  });

  it("reading without a token gets 401", async () => {
    const res = await t.app.inject({ method: "GET", url: `/payments/${payment.id}` });
    expect(res.statusCode).toBe(401);
  });
});
