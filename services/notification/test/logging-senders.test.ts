import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createEmailSender } from "../src/senders/email.ts";
import { createLoggingSmsProvider } from "../src/senders/sms.ts";

/** A logger whose JSON lines land in `lines`. */
function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return {
    log: pino({ level: "info" }, sink),
    lines,
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe("senders that only log (embedded mode)", () => {
  it("the SMS provider logs the message with the number masked instead of sending it", async () => {
    const { log, lines, records } = capture();
    const sms = createLoggingSmsProvider(log);
    await sms.send({ to: "+852 9123 5678", body: "USTBites: Ka Ho picked up your order." });
    expect(records()).toEqual([
      expect.objectContaining({
        to: "+852 ****5678",
        body: "USTBites: Ka Ho picked up your order.",
        msg: "sms (logged, not sent)",
      }),
    ]);
    expect(lines.join("")).not.toContain("9123");
  });

  it("without SMTP_URL, email says so at start and logs each message instead of sending it", async () => {
    const { log, records } = capture();
    const email = createEmailSender({ from: "USTBites <no-reply@ustbites.local>", log });
    expect(email.kind).toBe("log");
    await email.send({
      to: "mei@connect.ust.hk",
      subject: "Order confirmed",
      text: "Hi",
      html: "<p>Hi</p>",
      messageId: "<x@notification.ustbites>",
    });
    email.close();
    expect(records()).toEqual([
      expect.objectContaining({ email: "log", msg: "SMTP_URL not set: emails are logged, not sent" }),
      expect.objectContaining({
        to: "m***@connect.ust.hk",
        subject: "Order confirmed",
        messageId: "<x@notification.ustbites>",
      }),
    ]);
  });
});
