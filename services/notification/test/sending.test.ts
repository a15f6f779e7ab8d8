import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deliveryEvent,
  newStudent,
  orderCancelled,
  orderConfirmed,
  orderCreated,
  orderDelivered,
  orderPaymentFailed,
  paymentRefunded,
  statusChanged,
} from "./events.ts";
import { settle, startPipeline, type Pipeline } from "./helpers.ts";

let p: Pipeline;
beforeAll(async () => {
  p = await startPipeline();
});
afterAll(() => p.close());

const mailTo = (address: string) => p.smtp.received.filter((m) => m.to === address);

describe("events in, messages out (RabbitMQ → PostgreSQL → SMTP)", () => {
  it("order.confirmed sends one email with the items and total, and records it", async () => {
    const student = newStudent();
    const event = orderConfirmed(student);
    await p.publish(event);

    await expect.poll(() => mailTo(student.email)).toHaveLength(1);
    const [mail] = mailTo(student.email);
    expect(mail?.from).toBe(`"USTBites" <no-reply@ustbites.local>`);
    expect(mail?.subject).toBe("Order confirmed: Spice Route, HK$132.00");
    expect(mail?.text).toContain("2 × Paneer Wrap (no onions): HK$96.00");
    expect(mail?.text).toContain("Total charged: HK$132.00");
    expect(mail?.html).toContain("<li>1 × Mango Lassi: HK$28.00</li>");

    await expect
      .poll(() => p.prisma.notification.findFirst({ where: { userId: student.userId } }))
      .toMatchObject({
        status: "SENT",
        orderId: event.payload.orderId,
        eventId: event.id,
        channel: "email",
        template: "order_confirmed",
        to: `s***@connect.ust.hk`,
        subject: mail?.subject,
        attempts: 1,
        error: null,
      });
    const record = await p.prisma.notification.findFirstOrThrow({ where: { userId: student.userId } });
    expect(mail?.messageId).toBe(`<${record.id}@notification.ustbites>`);
  });

  it("the same event delivered twice sends one email", async () => {
    const student = newStudent();
    const event = orderConfirmed(student);
    await p.publish(event);
    await p.publish(event);
    await expect.poll(() => mailTo(student.email)).toHaveLength(1);
    await settle();
    expect(mailTo(student.email)).toHaveLength(1);
    expect(await p.prisma.notification.count({ where: { userId: student.userId } })).toBe(1);
    expect(await p.prisma.inboxEvent.count({ where: { eventId: event.id } })).toBe(1);
  });

  it("delivery.* events send courier assigned, picked up and delivered, by SMS too when the student has a phone", async () => {
    // The phone comes with the order, from the student's token.
    const student = { ...newStudent(), phone: "+85291235678" };
    const confirmed = orderConfirmed(student);
    const orderId = confirmed.payload.orderId;
    await p.publish(confirmed);
    await expect.poll(() => p.prisma.recipient.findUnique({ where: { userId: student.userId } })).toBeTruthy();

    await p.publish(deliveryEvent("delivery.assigned", student, orderId));
    await p.publish(deliveryEvent("delivery.picked_up", student, orderId));
    await p.publish(deliveryEvent("delivery.delivered", student, orderId));
    await expect.poll(() => mailTo(student.email)).toHaveLength(4);
    expect(mailTo(student.email).map((m) => m.subject)).toEqual(
      expect.arrayContaining([
        "Ka Ho will deliver your order",
        "Your order is on its way",
        "Your order has been delivered",
      ]),
    );
    expect(mailTo(student.email).find((m) => m.subject === "Your order is on its way")?.text).toContain(
      "arrive around 12:45",
    );

    await expect
      .poll(async () => {
        const rows = await p.prisma.notification.findMany({
          where: { userId: student.userId, channel: "sms", status: "SENT" },
          orderBy: { template: "asc" },
        });
        return rows.map((s) => [s.template, s.to]);
      })
      .toEqual([
        ["order_delivered", "****5678"],
        ["order_picked_up", "****5678"],
      ]);

    // order.delivered announces the same delivery: no second "delivered" email.
    await p.publish(orderDelivered(student, orderId));
    await settle();
    expect(mailTo(student.email)).toHaveLength(4);
  });

  it("stops SMS when a later order says the student has no phone, and keeps it when an event does not say", async () => {
    const student = { ...newStudent(), phone: "+85291235678" };
    await p.publish(orderConfirmed(student));
    const phone = async () => (await p.prisma.recipient.findUnique({ where: { userId: student.userId } }))?.phone;
    await expect.poll(phone).toBe("+85291235678");
    await p.publish(orderConfirmed({ ...student, phone: undefined }));
    await expect.poll(() => mailTo(student.email)).toHaveLength(2);
    expect(await phone()).toBe("+85291235678");

    const confirmed = orderConfirmed({ ...student, phone: null });
    await p.publish(confirmed);
    await expect.poll(phone).toBeNull();
    await p.publish(deliveryEvent("delivery.picked_up", student, confirmed.payload.orderId));
    await expect.poll(() => mailTo(student.email)).toHaveLength(4);
    await settle();
    expect(await p.prisma.notification.count({ where: { userId: student.userId, channel: "sms" } })).toBe(0);
  });

  it("a delivery event for a student not seen yet is retried until their order event has arrived", async () => {
    const student = newStudent();
    const orderId = randomUUID();
    await p.publish(deliveryEvent("delivery.assigned", student, orderId));
    await settle(150);
    await p.publish(orderConfirmed(student, orderId));
    await expect.poll(() => mailTo(student.email)).toHaveLength(2);
    expect(
      mailTo(student.email)
        .map((m) => m.subject)
        .sort(),
    ).toEqual(["Ka Ho will deliver your order", "Order confirmed: Spice Route, HK$132.00"]);
  });

  it("payment failed, cancellation and refund each send their email; order.created and status changes send none", async () => {
    const student = newStudent();
    const orderId = randomUUID();
    await p.publish(orderCreated(student, orderId), statusChanged(student, orderId, "PENDING", 1));
    await p.publish(
      orderPaymentFailed(student),
      orderCancelled(student, orderId, true),
      paymentRefunded(student, orderId),
    );
    await expect.poll(() => mailTo(student.email)).toHaveLength(3);
    await settle();
    const subjects = mailTo(student.email).map((m) => m.subject);
    expect(subjects).toHaveLength(3);
    expect(subjects).toEqual(
      expect.arrayContaining([
        "Payment failed: your order from Spice Route",
        "Order cancelled: Spice Route",
        "Refund issued: HK$132.00",
      ]),
    );
  });
});
