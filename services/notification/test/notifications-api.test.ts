import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotificationPage } from "@ustbites/contracts";
import { deliveryEvent, newStudent, orderConfirmed, orderPaymentFailed, type Student } from "./events.ts";
import { createTestApp, type TestApp } from "./helpers.ts";

let t: TestApp;
let me: Student;
let someoneElse: Student;
let myOrderId: string;

beforeAll(async () => {
  t = await createTestApp();
  me = newStudent("Mei");
  someoneElse = newStudent("Ka Ho");
  const confirmed = orderConfirmed(me);
  myOrderId = confirmed.payload.orderId;
  // Recorded one after another, so createdAt orders them: confirmed < picked up < payment failed.
  await t.record(confirmed);
  await t.prisma.recipient.update({ where: { userId: me.userId }, data: { phone: "+852 9123 5678" } });
  await t.record(deliveryEvent("delivery.picked_up", me, myOrderId));
  await t.record(orderPaymentFailed(me));
  await t.record(orderConfirmed(someoneElse));
});
afterAll(() => t.close());

const get = async (url: string, userId?: string) =>
  t.app.inject({ method: "GET", url, headers: userId ? { authorization: `Bearer ${await t.token(userId)}` } : {} });

describe("GET /notifications", () => {
  it("returns only the signed-in student's own, newest first", async () => {
    const res = await get("/notifications", me.userId);
    expect(res.statusCode).toBe(200);
    const body = NotificationPage.parse(res.json());
    expect(body.total).toBe(4);
    expect(body.items.every((n) => n.userId === me.userId)).toBe(true);
    expect(body.items.map((n) => `${n.template}/${n.channel}`)).toEqual([
      "order_payment_failed/email",
      expect.stringMatching(/^order_picked_up\/(email|sms)$/),
      expect.stringMatching(/^order_picked_up\/(email|sms)$/),
      "order_confirmed/email",
    ]);
    const confirmed = body.items[3];
    expect(confirmed).toMatchObject({
      orderId: myOrderId,
      to: "s***@connect.ust.hk",
      subject: "Order confirmed: Spice Route, HK$132.00",
      status: "PENDING",
    });
    expect(confirmed?.body).toContain("2 × Paneer Wrap (no onions): HK$96.00");
    expect(JSON.stringify(body)).not.toContain(me.email);
  });

  it("pages with limit and offset", async () => {
    const first = NotificationPage.parse((await get("/notifications?limit=3", me.userId)).json());
    const second = NotificationPage.parse((await get("/notifications?limit=3&offset=3", me.userId)).json());
    expect(first).toMatchObject({ total: 4, limit: 3, offset: 0 });
    expect(first.items).toHaveLength(3);
    expect(second).toMatchObject({ total: 4, limit: 3, offset: 3 });
    expect(second.items.map((n) => n.template)).toEqual(["order_confirmed"]);
  });

  it("filters by order and by channel", async () => {
    const byOrder = NotificationPage.parse((await get(`/notifications?orderId=${myOrderId}`, me.userId)).json());
    expect(byOrder.total).toBe(3);
    const sms = NotificationPage.parse((await get("/notifications?channel=sms", me.userId)).json());
    expect(sms.items.map((n) => [n.template, n.to, n.subject])).toEqual([["order_picked_up", "+852 ****5678", null]]);
    const none = NotificationPage.parse((await get(`/notifications?orderId=${randomUUID()}`, me.userId)).json());
    expect(none).toMatchObject({ items: [], total: 0 });
  });

  it("answers 401 without a token or with a bad one", async () => {
    const res = await get("/notifications");
    expect(res.statusCode).toBe(401);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    const forged = await t.app.inject({
      method: "GET",
      url: "/notifications",
      headers: { authorization: "Bearer not.a.jwt" },
    });
    expect(forged.statusCode).toBe(401);
  });

  it.each([
    ["limit=0", "query.limit"],
    ["limit=101", "query.limit"],
    ["limit=ten", "query.limit"],
    ["offset=-1", "query.offset"],
    ["channel=fax", "query.channel"],
    ["orderId=not-a-uuid", "query.orderId"],
    ["userId=someone", "query.userId"],
  ])("?%s → 400 problem+json naming %s", async (query, field) => {
    const res = await get(`/notifications?${query}`, me.userId);
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});
