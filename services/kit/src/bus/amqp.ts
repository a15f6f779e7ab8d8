import {
  connect,
  type ChannelModel,
  type ConfirmChannel,
  type ConsumeMessage,
  type MessagePropertyHeaders,
  type Options,
  type RecoveringChannelModel,
} from "amqplib";
import type { Registry } from "prom-client";
import { parseEvent, type DomainEvent } from "@ustbites/contracts";
import { busMetrics, FANOUT_LABEL, type BusMetrics } from "./metrics.ts";
import { retryDelay } from "./retry.ts";
import { consumeInSpan, endPublishSpan, startPublishSpan } from "./tracing.ts";
import type { BusLogger, EventBus, EventHandler, PublishOptions, SubscribeOptions, Subscription } from "./types.ts";

export const DEFAULT_EXCHANGE = "ustbites.events";

export interface AmqpBusOptions {
  /** e.g. amqp://guest:guest@127.0.0.1:5672 */
  url: string;
  service: string;
  log: BusLogger;
  exchange?: string;
  registry?: Registry | undefined;
  /** How long publish() waits for the broker's confirms before rejecting. Default 5000 ms. */
  publishTimeoutMs?: number;
  /** First reconnect delay, doubled per failed attempt up to `maxReconnectDelayMs`. Default 100 ms. */
  reconnectDelayMs?: number;
  /** Default 5000 ms. */
  maxReconnectDelayMs?: number;
  /** Connection attempts at start before createAmqpBus rejects (a later outage retries forever). Default 8. */
  connectAttempts?: number;
  /** AMQP heartbeat in seconds, unless the URL sets one: how soon a silently dead link is noticed. Default 10. */
  heartbeatSeconds?: number;
}

/** publish() while the broker is unreachable: the caller (the outbox relay) retries later. */
export class BusUnavailableError extends Error {
  override name = "BusUnavailableError";
}

const ATTEMPT_HEADER = "x-attempt";
const REQUEST_ID_HEADER = "x-request-id";
const LAST_ERROR_HEADER = "x-last-error";
/** Header values share a 64 KiB frame table with everything else; a stack trace must not fill it. */
const MAX_ERROR_LENGTH = 1000;
/** After the broker closes one consumer's channel (not the connection), try again this much later. */
const REATTACH_DELAY_MS = 1000;

interface Live {
  model: ChannelModel;
  publisher: Promise<ConfirmChannel> | undefined;
}

export function retryQueueName(queue: string, delayMs: number): string {
  return `${queue}.retry.${delayMs}`;
}

export function deadLetterQueueName(queue: string): string {
  return `${queue}.dlq`;
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BusUnavailableError(`${what}: no answer from RabbitMQ within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function sendConfirmed(
  channel: ConfirmChannel,
  queue: string,
  content: Buffer,
  options: Options.Publish,
): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      channel.sendToQueue(queue, content, options, (err: unknown) => (err ? reject(err) : resolve()));
    } catch (error) {
      reject(error);
    }
  });
}

function headerString(headers: MessagePropertyHeaders | undefined, name: string): string | undefined {
  const value: unknown = headers?.[name];
  if (typeof value === "string") return value;
  return Buffer.isBuffer(value) ? value.toString("utf8") : undefined;
}

/** Headers of a message being moved to a retry or dead-letter queue: the broker's own x-death bookkeeping stays behind. */
function forwardedProperties(msg: ConsumeMessage, extra: Record<string, unknown>): Options.Publish {
  const { headers = {}, messageId, type, contentType, correlationId, appId, timestamp } = msg.properties;
  const kept = Object.fromEntries(
    Object.entries(headers).filter(([name]) => !/^x-(death|first-death|last-death)/.test(name)),
  );
  return {
    persistent: true,
    messageId,
    type,
    contentType,
    correlationId,
    appId,
    timestamp,
    headers: { ...kept, "x-original-routing-key": msg.fields.routingKey, ...extra },
  };
}

interface SubscriptionConfig {
  queue: string | undefined;
  bindings: string[];
  handler: EventHandler;
  prefetch: number;
  maxAttempts: number;
  retryDelayMs: number;
}

/**
 * RabbitMQ bus. One connection (reconnected with backoff by amqplib's recovery), one confirm channel
 * for publishing, one confirm channel per subscription (so each has its own prefetch).
 *
 * Retries go through per-queue delay queues, `<queue>.retry.<ms>`, one per backoff step: a failed
 * message is copied there (with its attempt count in a header), the copy is confirmed, then the
 * original is acked; the delay queue's TTL expires it back into `<queue>` through the default exchange.
 * The waiting message is thus a durable broker message, so a consumer crash never loses a retry nor
 * resets its backoff, and nothing is held in process memory or prefetch slots while it waits. One
 * queue per delay (queue-level TTL), rather than per-message TTL on one queue, because RabbitMQ expires
 * only the message at a queue's head: a long delay would hold back the short ones behind it.
 */
export async function createAmqpBus(opts: AmqpBusOptions): Promise<EventBus> {
  const { service, log } = opts;
  const exchange = opts.exchange ?? DEFAULT_EXCHANGE;
  const publishTimeoutMs = opts.publishTimeoutMs ?? 5000;
  const metrics = busMetrics(opts.registry);
  const subscriptions: AmqpSubscription[] = [];
  let live: Live | undefined;
  let closing = false;
  let disconnectedAt: number | undefined;

  const url = new URL(opts.url);
  if (!url.searchParams.has("heartbeat")) url.searchParams.set("heartbeat", String(opts.heartbeatSeconds ?? 10));

  async function openPublisher(model: ChannelModel): Promise<ConfirmChannel> {
    const channel = await model.createConfirmChannel();
    channel.on("error", (err: Error) => log.warn({ service, err }, "RabbitMQ closed the publishing channel"));
    channel.on("close", () => {
      if (live?.model === model) live.publisher = undefined;
    });
    await channel.assertExchange(exchange, "topic", { durable: true });
    return channel;
  }

  function publisher(current: Live): Promise<ConfirmChannel> {
    if (!current.publisher) {
      current.publisher = openPublisher(current.model);
      current.publisher.catch(() => {
        if (live === current) current.publisher = undefined;
      });
    }
    return current.publisher;
  }

  async function setup(model: ChannelModel): Promise<void> {
    model.on("error", (err: Error) => log.warn({ service, err }, "RabbitMQ connection error"));
    const current: Live = { model, publisher: openPublisher(model) };
    await current.publisher;
    // Iterating the live array also attaches a subscription added while this loop awaits.
    for (const subscription of subscriptions) await subscription.attach(model);
    live = current;
    model.once("close", () => {
      if (live?.model === model) live = undefined;
    });
  }

  const connection: RecoveringChannelModel = await connect(url.toString(), {
    clientProperties: { connection_name: service },
    // amqplib leaves Nagle on: a lone publish or ack then waits ~40 ms for the peer's delayed ACK.
    noDelay: true,
    recovery: {
      initialDelay: opts.reconnectDelayMs ?? 100,
      maxDelay: opts.maxReconnectDelayMs ?? 5000,
      initialMaxRetries: (opts.connectAttempts ?? 8) - 1,
      setup,
    },
  });
  // Re-emitted from the model, which setup already logs; an EventEmitter without an error listener would throw.
  connection.on("error", () => {});
  connection.on("disconnect", (err: Error) => {
    live = undefined;
    disconnectedAt = performance.now();
    if (!closing) log.warn({ service, err }, "lost the RabbitMQ connection; reconnecting");
  });
  connection.on(
    "reconnect-scheduled",
    ({ attempt, delay, error }: { attempt: number; delay: number; error: Error }) => {
      if (attempt === 1 || attempt % 10 === 0)
        log.warn({ service, attempt, delayMs: delay, err: error }, "RabbitMQ reconnect scheduled");
    },
  );
  connection.on("connect", () => {
    if (disconnectedAt === undefined) return;
    log.info({ service, downMs: Math.round(performance.now() - disconnectedAt) }, "reconnected to RabbitMQ");
    disconnectedAt = undefined;
  });

  const context: SubscriptionContext = {
    service,
    log,
    exchange,
    metrics,
    isLive: (model) => !closing && live?.model === model,
    forget: (subscription) => {
      const index = subscriptions.indexOf(subscription);
      if (index >= 0) subscriptions.splice(index, 1);
    },
  };

  return {
    kind: "amqp",

    async publish(events: DomainEvent[], publishOpts: PublishOptions = {}): Promise<void> {
      if (closing) throw new BusUnavailableError("the bus is closed");
      if (events.length === 0) return;
      const current = live;
      if (!current) throw new BusUnavailableError("not connected to RabbitMQ");
      const channel = await withTimeout(publisher(current), publishTimeoutMs, "opening the publishing channel");
      const confirms = events.map((event, index) => {
        const { span, headers } = startPublishSpan(service, "rabbitmq", exchange, event, publishOpts.parents?.[index]);
        const confirmed = new Promise<void>((resolve, reject) => {
          const requestId = publishOpts.requestId ?? event.correlationId ?? undefined;
          const options: Options.Publish = {
            persistent: true,
            messageId: event.id,
            type: event.type,
            contentType: "application/json",
            appId: event.source,
            timestamp: Math.floor(Date.parse(event.occurredAt) / 1000),
            headers: requestId === undefined ? headers : { ...headers, [REQUEST_ID_HEADER]: requestId },
          };
          try {
            channel.publish(exchange, event.type, Buffer.from(JSON.stringify(event)), options, (err: unknown) =>
              err
                ? reject(
                    new BusUnavailableError(`RabbitMQ did not confirm ${event.type} ${event.id}: ${errorText(err)}`),
                  )
                : resolve(),
            );
          } catch (error) {
            reject(new BusUnavailableError(`could not publish ${event.type} ${event.id}: ${errorText(error)}`));
          }
        });
        return withTimeout(confirmed, publishTimeoutMs, `confirming ${event.type} ${event.id}`).then(
          () => endPublishSpan(span),
          (error: unknown) => {
            endPublishSpan(span, error);
            throw error;
          },
        );
      });
      await Promise.all(confirms);
      for (const event of events) metrics.published.inc({ type: event.type });
    },

    async subscribe(subscribeOpts: SubscribeOptions): Promise<Subscription> {
      if (closing) throw new Error("the bus is closed");
      if (subscribeOpts.bindings.length === 0) throw new Error("subscribe needs at least one binding");
      const subscription = new AmqpSubscription(context, {
        queue: subscribeOpts.queue,
        bindings: subscribeOpts.bindings,
        handler: subscribeOpts.handler,
        prefetch: subscribeOpts.prefetch ?? 10,
        maxAttempts: Math.max(1, subscribeOpts.maxAttempts ?? 5),
        retryDelayMs: subscribeOpts.retryDelayMs ?? 500,
      });
      subscriptions.push(subscription);
      // Without a connection it attaches when setup runs on reconnect.
      const current = live;
      if (current) {
        try {
          await subscription.attach(current.model);
        } catch (error) {
          // Lost the connection meanwhile: setup attaches it on reconnect. Any other failure is the caller's.
          if (context.isLive(current.model)) {
            await subscription.close();
            throw error;
          }
        }
      }
      return { close: () => subscription.close() };
    },

    async ping(): Promise<void> {
      const current = live;
      if (closing || !current) throw new BusUnavailableError("not connected to RabbitMQ");
      const channel = await withTimeout(publisher(current), 2000, "ping");
      await withTimeout(channel.checkExchange(exchange), 2000, "ping");
    },

    async close(): Promise<void> {
      if (closing) return;
      closing = true;
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
      live = undefined;
      await connection.close();
    },
  };
}

interface SubscriptionContext {
  service: string;
  log: BusLogger;
  exchange: string;
  metrics: BusMetrics;
  /** Whether `model` is the current connection of a bus that is not closing. */
  isLive(model: ChannelModel): boolean;
  forget(subscription: AmqpSubscription): void;
}

class AmqpSubscription {
  private readonly ctx: SubscriptionContext;
  private readonly config: SubscriptionConfig;
  private model: ChannelModel | undefined;
  private channel: ConfirmChannel | undefined;
  private consumerTag: string | undefined;
  private closed = false;
  private readonly inFlight = new Set<Promise<void>>();
  /** Wakes fan-out handlers sleeping between in-process retries when the subscription closes. */
  private readonly stop = new AbortController();

  constructor(ctx: SubscriptionContext, config: SubscriptionConfig) {
    this.ctx = ctx;
    this.config = config;
  }

  private get label(): string {
    return this.config.queue ?? FANOUT_LABEL;
  }

  /** Declares the queues and bindings on `model` and starts consuming; a no-op if already attached to it. */
  async attach(model: ChannelModel): Promise<void> {
    if (this.closed || this.model === model) return;
    const { queue, bindings, prefetch, maxAttempts, retryDelayMs } = this.config;
    const channel = await model.createConfirmChannel();
    channel.on("error", (err: Error) =>
      this.ctx.log.warn({ service: this.ctx.service, queue: this.label, err }, "RabbitMQ closed a consumer channel"),
    );
    channel.on("close", () => this.reattachLater(model, channel));
    try {
      await channel.prefetch(prefetch);
      let name: string;
      if (queue === undefined) {
        name = (await channel.assertQueue("", { exclusive: true, autoDelete: true, durable: false })).queue;
      } else {
        name = queue;
        await channel.assertQueue(queue, { durable: true });
        await channel.assertQueue(deadLetterQueueName(queue), { durable: true });
        for (let attempt = 1; attempt < maxAttempts; attempt++) {
          const delay = retryDelay(retryDelayMs, attempt);
          await channel.assertQueue(retryQueueName(queue, delay), {
            durable: true,
            arguments: { "x-message-ttl": delay, "x-dead-letter-exchange": "", "x-dead-letter-routing-key": queue },
          });
        }
      }
      for (const binding of bindings) await channel.bindQueue(name, this.ctx.exchange, binding);
      this.model = model;
      this.channel = channel;
      const { consumerTag } = await channel.consume(name, (msg) => this.onMessage(channel, msg), { noAck: false });
      this.consumerTag = consumerTag;
    } catch (error) {
      await channel.close().catch(() => {});
      throw error;
    }
  }

  /** The broker closed this channel while the connection lives on (e.g. a channel error): consume again. */
  private reattachLater(model: ChannelModel, channel: ConfirmChannel): void {
    if (this.channel === channel) {
      this.channel = undefined;
      this.model = undefined;
    }
    if (this.closed) return;
    setTimeout(() => {
      if (this.closed || this.model !== undefined || !this.ctx.isLive(model)) return;
      this.attach(model).catch((err: unknown) =>
        this.ctx.log.error({ service: this.ctx.service, queue: this.label, err }, "could not resume consuming"),
      );
    }, REATTACH_DELAY_MS).unref();
  }

  private onMessage(channel: ConfirmChannel, msg: ConsumeMessage | null): void {
    if (msg === null) {
      // The broker cancelled the consumer (its queue was deleted): declare it again and resume.
      this.ctx.log.warn({ service: this.ctx.service, queue: this.label }, "RabbitMQ cancelled the consumer");
      const model = this.model;
      if (model && this.channel === channel) {
        this.channel = undefined;
        this.model = undefined;
        channel.close().catch(() => {});
        this.reattachLater(model, channel);
      }
      return;
    }
    const done = this.deliver(channel, msg)
      .catch((err: unknown) => {
        // Only the broker link can fail here (ack or move); the message stays unacked and comes back.
        this.ctx.log.warn(
          { service: this.ctx.service, queue: this.label, err },
          "could not settle a delivery; it will be redelivered",
        );
      })
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  private async deliver(channel: ConfirmChannel, msg: ConsumeMessage): Promise<void> {
    const { metrics } = this.ctx;
    const headers = msg.properties.headers;
    const attempt = Math.max(1, Number(headers?.[ATTEMPT_HEADER] ?? 1) || 1);
    const requestId = headerString(headers, REQUEST_ID_HEADER);
    let event: DomainEvent;
    try {
      event = parseEvent(JSON.parse(msg.content.toString("utf8")));
    } catch (error) {
      await this.deadLetter(channel, msg, attempt, `invalid event envelope: ${errorText(error)}`);
      return;
    }

    if (this.config.queue === undefined) {
      await this.deliverInProcess(channel, msg, event, attempt, requestId);
      return;
    }

    try {
      await consumeInSpan(this.ctx.service, "rabbitmq", this.label, event, headers ?? {}, attempt, () =>
        this.config.handler(event, { attempt, requestId }),
      );
    } catch (error) {
      if (attempt >= this.config.maxAttempts) {
        await this.deadLetter(channel, msg, attempt, errorText(error), event);
        return;
      }
      const delay = retryDelay(this.config.retryDelayMs, attempt);
      this.ctx.log.warn(
        {
          service: this.ctx.service,
          queue: this.label,
          eventId: event.id,
          type: event.type,
          attempt,
          retryInMs: delay,
          err: error,
        },
        "event handler failed; retrying",
      );
      const retryQueue = retryQueueName(this.config.queue, delay);
      await sendConfirmed(
        channel,
        retryQueue,
        msg.content,
        forwardedProperties(msg, { [ATTEMPT_HEADER]: attempt + 1, [LAST_ERROR_HEADER]: errorText(error) }),
      );
      channel.ack(msg);
      metrics.consumed.inc({ queue: this.label, outcome: "retry" });
      return;
    }
    channel.ack(msg);
    metrics.consumed.inc({ queue: this.label, outcome: "ack" });
  }

  /**
   * A fan-out queue is private to this connection and vanishes with it, so a delay queue could not
   * route back to it after a reconnect: its retries wait in process, and the last failure is logged and
   * dropped (nobody could drain a DLQ named after a server-made queue).
   */
  private async deliverInProcess(
    channel: ConfirmChannel,
    msg: ConsumeMessage,
    event: DomainEvent,
    firstAttempt: number,
    requestId: string | undefined,
  ): Promise<void> {
    const { metrics, log, service } = this.ctx;
    const { maxAttempts, retryDelayMs, handler } = this.config;
    for (let attempt = firstAttempt; ; attempt++) {
      try {
        await consumeInSpan(service, "rabbitmq", FANOUT_LABEL, event, msg.properties.headers ?? {}, attempt, () =>
          handler(event, { attempt, requestId }),
        );
        channel.ack(msg);
        metrics.consumed.inc({ queue: FANOUT_LABEL, outcome: "ack" });
        return;
      } catch (error) {
        if (attempt >= maxAttempts) {
          log.error(
            { service, queue: FANOUT_LABEL, eventId: event.id, type: event.type, attempts: attempt, err: error },
            "fan-out handler gave up on an event; dropped",
          );
          channel.ack(msg);
          metrics.consumed.inc({ queue: FANOUT_LABEL, outcome: "dead_letter" });
          metrics.deadLettered.inc({ queue: FANOUT_LABEL });
          return;
        }
        metrics.consumed.inc({ queue: FANOUT_LABEL, outcome: "retry" });
        const woke = await sleep(retryDelay(retryDelayMs, attempt), this.stop.signal);
        if (!woke) return;
      }
    }
  }

  private async deadLetter(
    channel: ConfirmChannel,
    msg: ConsumeMessage,
    attempts: number,
    error: string,
    event?: DomainEvent,
  ): Promise<void> {
    const { metrics, log, service } = this.ctx;
    const queue = this.config.queue;
    if (queue === undefined) {
      log.error(
        { service, queue: FANOUT_LABEL, routingKey: msg.fields.routingKey, error },
        "dropped an undeliverable fan-out message",
      );
    } else {
      await sendConfirmed(
        channel,
        deadLetterQueueName(queue),
        msg.content,
        forwardedProperties(msg, {
          [ATTEMPT_HEADER]: attempts,
          [LAST_ERROR_HEADER]: error,
          "x-dead-lettered-at": new Date().toISOString(),
        }),
      );
      log.error(
        {
          service,
          queue,
          eventId: event?.id ?? msg.properties.messageId,
          type: event?.type ?? msg.fields.routingKey,
          attempts,
          error,
        },
        "event parked in the dead-letter queue",
      );
    }
    channel.ack(msg);
    metrics.consumed.inc({ queue: this.label, outcome: "dead_letter" });
    metrics.deadLettered.inc({ queue: this.label });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.ctx.forget(this);
    this.stop.abort();
    const { channel, consumerTag } = this;
    if (channel && consumerTag) await channel.cancel(consumerTag).catch(() => {});
    await Promise.allSettled([...this.inFlight]);
    if (channel) await channel.close().catch(() => {});
    this.channel = undefined;
    this.model = undefined;
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
