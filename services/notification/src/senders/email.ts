import { createTransport } from "nodemailer";
import type { Logger } from "pino";
import { maskEmail } from "../domain/mask.ts";

/**
 * The server refused the message for good (an SMTP 5xx, e.g. no such mailbox): retrying cannot help,
 * so the message ends FAILED at once.
 */
export class PermanentSendError extends Error {
  override name = "PermanentSendError";
  readonly permanent = true;
}

const smtpCode = (err: unknown) =>
  typeof err === "object" && err !== null && "responseCode" in err && typeof err.responseCode === "number"
    ? err.responseCode
    : undefined;

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string | null;
  /** Stable per notification, so a resend after a crash carries the same Message-ID. */
  messageId: string;
}

export interface EmailSender {
  /** `smtp`: a real mail server; `log`: embedded mode, the message is only logged. */
  readonly kind: "smtp" | "log";
  /** Resolves once the server accepted the message; rejects with its reason otherwise. */
  send(message: EmailMessage): Promise<void>;
  close(): void;
}

export interface EmailSenderOptions {
  /** e.g. smtp://127.0.0.1:2525; unset = log instead of sending. */
  smtpUrl?: string | undefined;
  from: string;
  log: Logger;
}

/** Where the host part of an SMTP URL is shown in logs, without any credentials in it. */
const describeSmtp = (url: string) => {
  const u = new URL(url);
  return `${u.protocol}//${u.host}`;
};

export function createEmailSender(opts: EmailSenderOptions): EmailSender {
  const { log, from } = opts;
  if (opts.smtpUrl) {
    // nodemailer's defaults (2 min to connect, 10 min idle) would hold a sender slot for minutes
    // against a dead server; these bound one attempt, and the retry schedule does the rest.
    const transport = createTransport({
      url: opts.smtpUrl,
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 15_000,
    });
    log.info({ email: "smtp", server: describeSmtp(opts.smtpUrl) }, "sending email over SMTP");
    return {
      kind: "smtp",
      async send(m) {
        try {
          await transport.sendMail({
            from,
            to: m.to,
            subject: m.subject,
            text: m.text,
            ...(m.html ? { html: m.html } : {}),
            messageId: m.messageId,
          });
        } catch (err) {
          const code = smtpCode(err);
          if (code !== undefined && code >= 500)
            throw new PermanentSendError(err instanceof Error ? err.message : String(err), { cause: err });
          throw err;
        }
      },
      close: () => transport.close(),
    };
  }
  const transport = createTransport({ jsonTransport: true });
  log.info({ email: "log" }, "SMTP_URL not set: emails are logged, not sent");
  return {
    kind: "log",
    async send(m) {
      const info = await transport.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        messageId: m.messageId,
      });
      log.info({ to: maskEmail(m.to), subject: m.subject, messageId: info.messageId }, "email (logged, not sent)");
      log.debug({ text: m.text }, "email body");
    },
    close: () => transport.close(),
  };
}
