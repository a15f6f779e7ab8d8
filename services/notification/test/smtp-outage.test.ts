import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveryEvent, newStudent, orderConfirmed } from "./events.ts";
import { startPipeline, type Pipeline } from "./helpers.ts";

let p: Pipeline;
// Attempts at about 0, 0.2, 0.6, 1.4 and 3 s: a message given up on ends FAILED within a few seconds.
beforeAll(async () => {
  p = await startPipeline({
    retry: { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 2000 },
    smtp: { reject: /^bounce/ },
  });
});
afterAll(() => p.close());

const mailTo = (address: string) => p.smtp.received.filter((m) => m.to === address);
const emailOf = (userId: string) => p.prisma.notification.findFirst({ where: { userId, channel: "email" } });

describe("when sending fails", () => {
  it("with the mail server down, the email is retried and ends FAILED with the error, while the SMS still goes", async () => {
    const student = newStudent();
    const confirmed = orderConfirmed(student);
    await p.record(confirmed);
    await p.prisma.notification.deleteMany({ where: { userId: student.userId } });
    await p.prisma.recipient.update({ where: { userId: student.userId }, data: { phone: "+852 9123 5678" } });
    await p.smtp.stop();
    try {
      await p.publish(deliveryEvent("delivery.picked_up", student, confirmed.payload.orderId));
      await expect
        .poll(() => p.prisma.notification.findFirst({ where: { userId: student.userId, channel: "sms" } }))
        .toMatchObject({ status: "SENT", attempts: 1 });
      await expect
        .poll(() => emailOf(student.userId))
        .toMatchObject({ status: "FAILED", attempts: 5, error: expect.stringMatching(/ECONNREFUSED/) });
    } finally {
      await p.smtp.restart();
    }
    expect(mailTo(student.email)).toHaveLength(0);
  });

  it("a message whose attempts fail while the server is down is sent once it is back", async () => {
    const student = newStudent();
    await p.smtp.stop();
    try {
      await p.publish(orderConfirmed(student));
      await expect
        .poll(() => emailOf(student.userId))
        .toMatchObject({
          status: "PENDING",
          attempts: expect.toSatisfy((n: number) => n >= 2),
          error: expect.any(String),
        });
    } finally {
      await p.smtp.restart();
    }
    await expect.poll(() => emailOf(student.userId)).toMatchObject({ status: "SENT", error: null });
    expect(mailTo(student.email)).toHaveLength(1);
  });

  it("a mailbox the server refuses (550) ends FAILED at once and does not hold up the others", async () => {
    const bounce = { ...newStudent(), email: `bounce${Date.now()}@connect.ust.hk` };
    const others = [newStudent(), newStudent()];
    await p.publish(orderConfirmed(bounce), ...others.map((s) => orderConfirmed(s)));
    for (const s of others) await expect.poll(() => mailTo(s.email)).toHaveLength(1);
    await expect
      .poll(() => emailOf(bounce.userId))
      .toMatchObject({ status: "FAILED", attempts: 1, error: expect.stringMatching(/550/) });
    expect(mailTo(bounce.email)).toHaveLength(0);
  });
});
