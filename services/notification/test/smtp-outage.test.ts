import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveryEvent, newStudent, orderConfirmed } from "./events.ts";
import { eventually, startPipeline, type Pipeline } from "./helpers.ts";

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
      const sms = await eventually(() =>
        p.prisma.notification.findFirst({ where: { userId: student.userId, channel: "sms", status: "SENT" } }),
      );
      expect(sms.attempts).toBe(1);
      const failed = await eventually(async () => {
        const row = await emailOf(student.userId);
        return row?.status === "FAILED" ? row : undefined;
      });
      expect(failed.attempts).toBe(5);
      expect(failed.error).toMatch(/ECONNREFUSED/);
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
      await eventually(async () => {
        const row = await emailOf(student.userId);
        return row && row.attempts >= 2 && row.status === "PENDING" && row.error ? row : undefined;
      });
    } finally {
      await p.smtp.restart();
    }
    const sent = await eventually(async () => {
      const row = await emailOf(student.userId);
      return row?.status === "SENT" ? row : undefined;
    });
    expect(sent.error).toBeNull();
    expect(mailTo(student.email)).toHaveLength(1);
  });

  it("a mailbox the server refuses (550) ends FAILED at once and does not hold up the others", async () => {
    const bounce = { ...newStudent(), email: `bounce${Date.now()}@connect.ust.hk` };
    const others = [newStudent(), newStudent()];
    await p.publish(orderConfirmed(bounce), ...others.map((s) => orderConfirmed(s)));
    for (const s of others) await eventually(() => mailTo(s.email).length === 1);
    const failed = await eventually(async () => {
      const row = await emailOf(bounce.userId);
      return row?.status === "FAILED" ? row : undefined;
    });
    expect(failed.attempts).toBe(1);
    expect(failed.error).toMatch(/550/);
    expect(mailTo(bounce.email)).toHaveLength(0);
  });
});
