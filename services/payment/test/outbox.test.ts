import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEvent, TEST_CARDS } from "@ustbites/contracts";
import { createMemoryBus, type MemoryBus } from "@ustbites/kit/bus";
import { subscribeToOrderEvents } from "../src/consumers/order-events.ts";
import { createTestApp, orderCancelled, paymentBody, sleep, type TestApp } from "./helpers.ts";
import { card } from "@ustbites/kit/testing";

const LEASE_MS = 300;
let t: TestApp;
let kicks = 0;
let bus: MemoryBus;
beforeAll(async () => {
  bus = createMemoryBus({ log: { info() {}, warn() {}, error() {} } });
  t = await createTestApp({
    processingLeaseMs: LEASE_MS,
    onEventsEnqueued: () => kicks++,
    subscribe: (payments) => subscribeToOrderEvents({ bus, payments }),
  });
});
afterAll(async () => {
  await t.close();
  await bus.close();
});

const eventsForOrder = async (orderId: string) =>
  (
    await t.prisma.outboxEvent.findMany({
      where: { payload: { path: ["payload", "orderId"], equals: orderId } },
      orderBy: { createdAt: "asc" },
    })
  ).map((row) => ({ row, event: parseEvent(row.payload) }));

describe("events go through the transactional outbox", () => {
  it("writes payment.succeeded with the payment's facts, correlated on the order, and kicks the relay", async () => {
    const student = await t.student();
    const body = paymentBody(student, { amountCents: 2600 });
    const kicksBefore = kicks;
    const payment = (
      await t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: body })
    ).json();
    const events = await eventsForOrder(body.orderId);
    expect(events).toHaveLength(1);
    const [{ row, event }] = events as [(typeof events)[number]];
    expect(row).toMatchObject({ id: event.id, type: "payment.succeeded", publishedAt: null, attempts: 0 });
    expect(event).toMatchObject({
      type: "payment.succeeded",
      source: "payment",
      version: 1,
      correlationId: body.orderId,
      payload: {
        paymentId: payment.id,
        orderId: body.orderId,
        userId: student.id,
        amountCents: 2600,
        currency: "HKD",
        cardLast4: "4242",
        cardBrand: "visa",
      },
    });
    expect(kicks).toBe(kicksBefore + 1);
  });

  it("writes payment.declined with the reason", async () => {
    const student = await t.student();
    const body = paymentBody(student, { card: card(TEST_CARDS.insufficientFunds) });
    const payment = (
      await t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: body })
    ).json();
    const events = await eventsForOrder(body.orderId);
    expect(events.map((e) => e.event)).toEqual([
      expect.objectContaining({
        type: "payment.declined",
        payload: {
          paymentId: payment.id,
          orderId: body.orderId,
          userId: student.id,
          amountCents: body.amountCents,
          currency: "HKD",
          declineReason: "insufficient_funds",
        },
      }),
    ]);
  });

  it("writes payment.refunded after the refund, and nothing for replays", async () => {
    const student = await t.student();
    const body = paymentBody(student);
    const payment = (
      await t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: body })
    ).json();
    await t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: body });
    const cancelled = orderCancelled(body.orderId, student.id, body.amountCents);
    await bus.publish([cancelled]);
    await bus.publish([cancelled]);
    await expect.poll(() => t.prisma.refund.count({ where: { paymentId: payment.id } })).toBe(1);
    const refund = await t.prisma.refund.findFirstOrThrow({ where: { paymentId: payment.id } });
    await sleep(100);
    const events = (await eventsForOrder(body.orderId)).map((e) => e.event);
    expect(events.map((e) => e.type)).toEqual(["payment.succeeded", "payment.refunded"]);
    expect(events[1]?.payload).toEqual({
      paymentId: payment.id,
      refundId: refund.id,
      orderId: body.orderId,
      userId: student.id,
      amountCents: body.amountCents,
      currency: "HKD",
      reason: "order cancelled",
    });
  });

  it("writes no event when the transaction that settles the payment fails, and the retry settles it once", async () => {
    const student = await t.student();
    const body = paymentBody(student);
    // Fails at COMMIT, after both the status update and the outbox insert ran inside the transaction.
    await t.prisma.$executeRawUnsafe(`
      create function fail_commit() returns trigger language plpgsql as $$ begin raise exception 'commit refused by test'; end $$;
    `);
    await t.prisma.$executeRawUnsafe(`
      create constraint trigger fail_settle after update on payments deferrable initially deferred
      for each row when (new.order_id = '${body.orderId}') execute function fail_commit();
    `);
    try {
      const failed = await t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: body });
      expect(failed.statusCode).toBe(500);
      expect(await eventsForOrder(body.orderId)).toEqual([]);
      const row = await t.prisma.payment.findUniqueOrThrow({ where: { orderId: body.orderId } });
      expect(row.status).toBe("PENDING");
      // The processor did charge before the commit failed: the money moved, the record lags behind.
      expect(await t.prisma.processorCharge.count({ where: { reference: row.id } })).toBe(1);
    } finally {
      await t.prisma.$executeRawUnsafe("drop trigger fail_settle on payments");
      await t.prisma.$executeRawUnsafe("drop function fail_commit()");
    }
    await sleep(LEASE_MS + 50);
    const retry = await t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: body });
    expect(retry.json().status).toBe("SUCCEEDED");
    expect((await eventsForOrder(body.orderId)).map((e) => e.event.type)).toEqual(["payment.succeeded"]);
    expect(await t.prisma.processorCharge.count({ where: { reference: retry.json().id } })).toBe(1);
  });
});
