import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

export interface TestSmtpServer {
  url: string;
  received: ReceivedMail[];
  /** Stops accepting connections (the mail server is down). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const addressText = (to: ParsedMail["to"]) => (Array.isArray(to) ? to.map((a) => a.text).join(", ") : (to?.text ?? ""));

/**
 * A real SMTP server on 127.0.0.1 (port chosen by the OS) that parses and keeps what arrives.
 * Recipients matching `reject` get a permanent 550, as a mailbox that does not exist would.
 */
export async function startTestSmtpServer(opts: { reject?: RegExp } = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (opts.reject?.test(address.address))
          callback(Object.assign(new Error("mailbox unavailable"), { responseCode: 550 }));
        else callback();
      },
      onData(stream, _session, callback) {
        simpleParser(stream).then(
          (mail) => {
            received.push({
              from: mail.from?.text ?? "",
              to: addressText(mail.to),
              subject: mail.subject ?? "",
              text: mail.text ?? "",
              html: typeof mail.html === "string" ? mail.html : "",
              messageId: mail.messageId ?? "",
            });
            callback();
          },
          (err: Error) => callback(err),
        );
      },
    });

  let server: SMTPServer | undefined = create();
  server.listen(0, "127.0.0.1");
  await once(server.server, "listening");
  const { port } = server.server.address() as AddressInfo;

  const stop = async () => {
    const current = server;
    server = undefined;
    if (current) await new Promise<void>((resolve) => current.close(resolve));
  };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    stop,
    async restart() {
      if (server) return;
      server = create();
      server.listen(port, "127.0.0.1");
      await once(server.server, "listening");
    },
    close: stop,
  };
}
