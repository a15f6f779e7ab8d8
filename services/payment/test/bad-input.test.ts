import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { createTestApp, paymentBody, rowCounts, type Student, type TestApp } from "./helpers.ts";
import { card } from "@ustbites/kit/testing";

let t: TestApp;
let student: Student;
beforeAll(async () => {
  t = await createTestApp();
  student = await t.student();
});
afterAll(() => t.close());

const fieldsOf = (json: { errors?: { field: string }[] }) => (json.errors ?? []).map((e) => e.field);

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, field: string) {
  expect(res.statusCode).toBe(400);
  expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
  const body = res.json() as { type: string; errors?: { field: string }[] };
  expect(fieldsOf(body)).toContain(field);
}

/** A valid body with one change, built per test so every case has its own order id. */
const mutated = (change: (body: ReturnType<typeof paymentBody>) => object) => () => change(paymentBody(student));
const lastYear = new Date().getUTCFullYear() - 1;

describe("bad input to every route gets a 400 problem naming the field, and writes nothing", () => {
  it.each([
    [
      "a card number failing the Luhn check",
      mutated((b) => ({ ...b, card: card("4242424242424241") })),
      "body.card.number",
    ],
    ["a card number with letters", mutated((b) => ({ ...b, card: card("4242abcd42424242") })), "body.card.number"],
    [
      "an expired card",
      mutated((b) => ({ ...b, card: card(undefined, { expMonth: 1, expYear: lastYear }) })),
      "body.card.expYear",
    ],
    ["a month 13", mutated((b) => ({ ...b, card: card(undefined, { expMonth: 13 }) })), "body.card.expMonth"],
    ["a two-digit CVC", mutated((b) => ({ ...b, card: card(undefined, { cvc: "12" }) })), "body.card.cvc"],
    ["amount 0", mutated((b) => ({ ...b, amountCents: 0 })), "body.amountCents"],
    ["amount -1", mutated((b) => ({ ...b, amountCents: -1 })), "body.amountCents"],
    ["amount 1.5", mutated((b) => ({ ...b, amountCents: 1.5 })), "body.amountCents"],
    ["amount as a string", mutated((b) => ({ ...b, amountCents: "4850" })), "body.amountCents"],
    ["another currency", mutated((b) => ({ ...b, currency: "USD" })), "body.currency"],
    ["an orderId that is not a uuid", mutated((b) => ({ ...b, orderId: "order-1" })), "body.orderId"],
    ["a userId that is not a uuid", mutated((b) => ({ ...b, userId: "me" })), "body.userId"],
    ["an unknown field", mutated((b) => ({ ...b, tipCents: 100 })), "body.tipCents"],
    ["an unknown card field", mutated((b) => ({ ...b, card: { ...b.card, pin: "1234" } })), "body.card.pin"],
    ["no card", mutated(({ card: _card, ...rest }) => rest), "body.card"],
  ])("POST /payments with %s", async (_name, build, field) => {
    const before = await rowCounts(t.prisma);
    const res = await t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: build() });
    expectProblem(res, field);
    expect(await rowCounts(t.prisma)).toEqual(before);
  });

  it.each([
    ["/payments?orderId=not-a-uuid", "query.orderId"],
    ["/payments", "query.orderId"],
    [`/payments?orderId=${crypto.randomUUID()}&status=PENDING`, "query.status"],
    ["/payments/not-a-uuid", "params.id"],
    ["/payments/12345", "params.id"],
  ])("GET %s", async (url, field) => {
    expectProblem(await t.app.inject({ method: "GET", url, headers: student.headers }), field);
  });

  it("POST /payments with malformed JSON names the body", async () => {
    const before = await rowCounts(t.prisma);
    const res = await t.app.inject({
      method: "POST",
      url: "/payments",
      payload: '{"orderId": "',
      headers: { ...student.headers, "content-type": "application/json" },
    });
    expectProblem(res, "body");
    expect(await rowCounts(t.prisma)).toEqual(before);
  });

  it("never answers arbitrary JSON with a 5xx, and never writes anything for it", async () => {
    const before = await rowCounts(t.prisma);
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (body) => {
        const res = await t.app.inject({
          method: "POST",
          url: "/payments",
          payload: JSON.stringify(body),
          headers: { ...student.headers, "content-type": "application/json" },
        });
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
    expect(await rowCounts(t.prisma)).toEqual(before);
  });
});
