import type { Logger } from "pino";
import { maskPhone } from "../domain/mask.ts";

export interface SmsMessage {
  to: string;
  body: string;
}

/** A text-message gateway. The platform simulates SMS; a real provider implements the same method. */
export interface SmsProvider {
  readonly kind: string;
  /** Resolves once the provider accepted the message; rejects with its reason otherwise. */
  send(message: SmsMessage): Promise<void>;
}

/** Logs each message (number masked) instead of sending it. */
export function createLoggingSmsProvider(log: Logger): SmsProvider {
  return {
    kind: "log",
    async send(m) {
      log.info({ sms: true, to: maskPhone(m.to), body: m.body }, "sms (logged, not sent)");
    },
  };
}
