import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@ustbites/kit";
import { openBus, type EventBus } from "@ustbites/kit/bus";
import { createTestDatabase, type TestDatabase } from "@ustbites/kit/testing";
import { readEnv, startNotificationService, type NotificationService } from "../src/index.ts";
import { newStudent, orderConfirmed } from "./events.ts";
import { startTestSmtpServer, type TestSmtpServer } from "./smtp.ts";

let testDb: TestDatabase;
let smtp: TestSmtpServer;
let service: NotificationService;
let producer: EventBus;

// Without RABBITMQ_URL the service joins this process's in-process bus, which a producer opened here shares.
beforeAll(async () => {
  testDb = await createTestDatabase("notification");
  smtp = await startTestSmtpServer();
  service = await startNotificationService(
    readEnv({
      PORT: "0",
      LOG_LEVEL: "silent",
      DATABASE_URL: testDb.url,
      SMTP_URL: smtp.url,
      MAIL_FROM: "Campus Eats <eats@ustbites.local>",
    }),
  );
  producer = await openBus({ service: "order", log: createLogger("order", "silent") });
});
afterAll(async () => {
  await service?.close();
  await producer?.close();
  await smtp?.close();
  await testDb?.drop();
});

describe("startNotificationService", () => {
  it("listens, is ready, and turns an event on the bus into an email from MAIL_FROM", async () => {
    const ready = await fetch(`${service.address}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { database: "ok", bus: "ok" } });

    const student = newStudent();
    await producer.publish([orderConfirmed(student)]);
    await expect
      .poll(() => smtp.received.filter((m) => m.to === student.email))
      .toEqual([expect.objectContaining({ from: `"Campus Eats" <eats@ustbites.local>` })]);
  });

  it("answers GET /notifications without a token with 401", async () => {
    const res = await fetch(`${service.address}/notifications`);
    expect(res.status).toBe(401);
  });
});
