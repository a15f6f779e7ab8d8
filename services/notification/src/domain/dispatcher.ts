import type { Logger } from "pino";
import type { ClaimedNotification, NotificationRepository } from "../repositories/notifications.ts";
import type { EmailSender } from "../senders/email.ts";
import type { SmsProvider } from "../senders/sms.ts";

export interface RetryPolicy {
  /** Attempts before a message ends FAILED. */
  maxAttempts: number;
  /** Delay before the second attempt; doubled for each further one, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface DispatcherOptions {
  repo: NotificationRepository;
  email: EmailSender;
  sms: SmsProvider;
  log: Logger;
  retry: RetryPolicy;
  /** How often due messages (retries) are looked for when nothing kicks the loop. Default 1 s. */
  pollMs?: number;
  /** Messages sent at once; a slow or failing one holds only its own slot. Default 10. */
  batchSize?: number;
  /**
   * How long a claimed message is left alone. Longer than one send can take (the SMTP timeouts), so
   * only a sender that died mid-send lets it become due again. Default 60 s.
   */
  leaseMs?: number;
}

export interface Dispatcher {
  /** How long a claimed message is left alone; recordOnce claims an event's messages for this long. */
  readonly leaseMs: number;
  /** Sends messages already claimed (recorded by this process a moment ago), then marks the sent ones. */
  send(claimed: ClaimedNotification[]): void;
  /** Look for due messages now. */
  kick(): void;
  /** Stops polling and waits for the sends in flight. */
  stop(): Promise<void>;
}

export const backoffMs = (retry: RetryPolicy, attempt: number) =>
  Math.min(retry.baseDelayMs * 2 ** (attempt - 1), retry.maxDelayMs);

/** Senders mark refusals that no retry can fix (e.g. SMTP 5xx) with `permanent: true`. */
const isPermanent = (err: unknown) =>
  typeof err === "object" && err !== null && "permanent" in err && err.permanent === true;

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 1000);

/**
 * The sender loop: sends PENDING messages after the transaction that recorded them committed, marks
 * them SENT, or schedules a retry with backoff and ends them FAILED after the last attempt.
 */
export function startDispatcher(opts: DispatcherOptions): Dispatcher {
  const { repo, log, retry } = opts;
  const pollMs = opts.pollMs ?? 1000;
  const batchSize = opts.batchSize ?? 10;
  const leaseMs = opts.leaseMs ?? 60_000;
  let stopped = false;
  let again = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  /** Sends one message; resolves true when it went (the caller marks it SENT with the pass's others). */
  async function deliver(n: ClaimedNotification): Promise<boolean> {
    const ctx = { notificationId: n.id, channel: n.channel, template: n.template, to: n.to, attempt: n.attempts };
    try {
      if (n.channel === "email") {
        await opts.email.send({
          to: n.recipient,
          subject: n.subject ?? "",
          text: n.body,
          html: n.html,
          messageId: `<${n.id}@notification.ustbites>`,
        });
      } else {
        await opts.sms.send({ to: n.recipient, body: n.body });
      }
    } catch (err) {
      const error = errorText(err);
      if (n.attempts >= retry.maxAttempts || isPermanent(err)) {
        await repo.markFailed(n.id, error);
        log.error({ ...ctx, error }, "notification failed for good");
      } else {
        const delayMs = backoffMs(retry, n.attempts);
        await repo.markRetry(n.id, error, delayMs);
        log.warn({ ...ctx, error, retryInMs: delayMs }, "notification send failed; will retry");
      }
      return false;
    }
    log.info(ctx, "notification sent");
    return true;
  }

  /** Sends claimed messages at once and marks the sent ones SENT in one statement. */
  async function sendAll(claimed: ClaimedNotification[]): Promise<void> {
    const results = await Promise.allSettled(claimed.map(deliver));
    for (const r of results)
      if (r.status === "rejected") log.error({ err: r.reason }, "could not record a send outcome");
    // Outside deliver's try: a database hiccup here must not count as a failed send (and trigger a
    // resend); the lease makes the messages due again, and that rare resend is the price of never losing one.
    await repo.markSent(
      claimed.filter((_, i) => results[i]?.status === "fulfilled" && results[i].value).map((n) => n.id),
    );
  }

  async function loop(): Promise<void> {
    do {
      again = false;
      const claimed = await repo.claimDue(batchSize, leaseMs);
      await sendAll(claimed);
      if (claimed.length === batchSize) again = true;
    } while (again && !stopped);
  }

  /** Sends handed over by the consumer, awaited by stop(). */
  const handedOver = new Set<Promise<void>>();

  function schedule() {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(kick, pollMs);
  }

  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = loop()
      .catch((err: unknown) => log.error({ err }, "notification sender pass failed"))
      .finally(() => {
        running = undefined;
        // A kick that landed after the last claim found nothing must not wait for the next poll.
        if (again && !stopped) kick();
        else schedule();
      });
  }

  kick();
  return {
    leaseMs,
    send(claimed) {
      if (claimed.length === 0) return;
      const sending = sendAll(claimed)
        .catch((err: unknown) => log.error({ err }, "notification send failed to record its outcome"))
        .finally(() => handedOver.delete(sending));
      handedOver.add(sending);
    },
    kick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await Promise.all(handedOver);
    },
  };
}
