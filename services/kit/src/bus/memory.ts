import type { Registry } from "prom-client";
import { parseEvent, type DomainEvent } from "@ustbites/contracts";
import { busMetrics, FANOUT_LABEL, type BusMetrics } from "./metrics.ts";
import { retryDelay } from "./retry.ts";
import { topicMatcher } from "./topic.ts";
import { consumeInSpan, endPublishSpan, startPublishSpan } from "./tracing.ts";
import type { BusLogger, EventBus, EventHandler, PublishOptions, SubscribeOptions, Subscription } from "./types.ts";

/** A message parked after its last attempt (or because it was not a valid envelope). */
export interface DeadLetter {
  routingKey: string;
  /** The raw message body, as it would sit in RabbitMQ's `<queue>.dlq`. */
  body: string;
  /** The parsed event, or undefined when the body was not a valid envelope. */
  event: DomainEvent | undefined;
  attempts: number;
  lastError: string;
  deadLetteredAt: string;
}

export interface MemoryBus extends EventBus {
  readonly kind: "memory";
  /** What `<queue>.dlq` would hold on RabbitMQ. */
  deadLetters(queue: string): DeadLetter[];
  /** Publishes a body as is, unchecked: for exercising consumers with malformed messages. */
  publishRaw(routingKey: string, body: string, opts?: PublishOptions): Promise<void>;
}

export interface MemoryBusOptions {
  log: BusLogger;
  /** Names the bus in logs. */
  service?: string;
  registry?: Registry | undefined;
}

interface Message {
  routingKey: string;
  body: string;
  requestId: string | undefined;
  /** What RabbitMQ's message headers would carry: the publish span's `traceparent`. */
  headers: Record<string, string>;
  attempt: number;
}

interface Consumer {
  handler: EventHandler;
  prefetch: number;
  maxAttempts: number;
  retryDelayMs: number;
  inFlight: Set<Promise<void>>;
  metrics: BusMetrics;
  log: BusLogger;
  service: string;
}

/** One queue: durable (named, outlives its subscribers) or a fan-out subscription's private one. */
class Queue {
  readonly name: string | undefined;
  readonly matchers = new Map<string, (routingKey: string) => boolean>();
  readonly messages: Message[] = [];
  readonly consumers: Consumer[] = [];
  readonly dead: DeadLetter[] = [];
  private next = 0;
  private pumping = false;

  constructor(name: string | undefined) {
    this.name = name;
  }

  get label(): string {
    return this.name ?? FANOUT_LABEL;
  }

  bind(pattern: string): void {
    if (!this.matchers.has(pattern)) this.matchers.set(pattern, topicMatcher(pattern));
  }

  routes(routingKey: string): boolean {
    for (const matches of this.matchers.values()) if (matches(routingKey)) return true;
    return false;
  }

  enqueue(message: Message): void {
    this.messages.push(message);
    this.schedulePump();
  }

  /** Delivery always starts on a later turn of the event loop, never inside the publisher's call. */
  schedulePump(): void {
    if (this.pumping) return;
    this.pumping = true;
    setImmediate(() => {
      this.pumping = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.messages.length > 0) {
      const consumer = this.nextConsumer();
      if (!consumer) return;
      const message = this.messages.shift();
      if (message) this.deliver(consumer, message);
    }
  }

  /** Round-robin over consumers with a free prefetch slot, as RabbitMQ does. */
  private nextConsumer(): Consumer | undefined {
    for (let tried = 0; tried < this.consumers.length; tried++) {
      const consumer = this.consumers[this.next % this.consumers.length];
      this.next = (this.next + 1) % this.consumers.length;
      if (consumer && consumer.inFlight.size < consumer.prefetch) return consumer;
    }
    return undefined;
  }

  private deliver(consumer: Consumer, message: Message): void {
    const done: Promise<void> = this.handle(consumer, message).finally(() => {
      consumer.inFlight.delete(done);
      this.schedulePump();
    });
    consumer.inFlight.add(done);
  }

  private async handle(consumer: Consumer, message: Message): Promise<void> {
    const { metrics, log, service } = consumer;
    let event: DomainEvent;
    try {
      event = parseEvent(JSON.parse(message.body));
    } catch (error) {
      this.deadLetter(consumer, message, undefined, `invalid event envelope: ${errorText(error)}`);
      return;
    }
    try {
      await consumeInSpan(service, "in-process", this.label, event, message.headers, message.attempt, () =>
        consumer.handler(event, { attempt: message.attempt, requestId: message.requestId }),
      );
      metrics.consumed.inc({ queue: this.label, outcome: "ack" });
    } catch (error) {
      if (message.attempt >= consumer.maxAttempts) {
        this.deadLetter(consumer, message, event, errorText(error));
        return;
      }
      const delay = retryDelay(consumer.retryDelayMs, message.attempt);
      log.warn(
        {
          service,
          queue: this.label,
          eventId: event.id,
          type: event.type,
          attempt: message.attempt,
          retryInMs: delay,
          err: error,
        },
        "event handler failed; retrying",
      );
      metrics.consumed.inc({ queue: this.label, outcome: "retry" });
      // Unref'd: the in-process bus keeps nothing across a restart anyway, so a pending retry must not hold the process open.
      setTimeout(() => this.enqueue({ ...message, attempt: message.attempt + 1 }), delay).unref();
    }
  }

  private deadLetter(consumer: Consumer, message: Message, event: DomainEvent | undefined, lastError: string): void {
    const { metrics, log, service } = consumer;
    metrics.consumed.inc({ queue: this.label, outcome: "dead_letter" });
    metrics.deadLettered.inc({ queue: this.label });
    const eventId = event?.id;
    if (this.name === undefined) {
      log.error(
        { service, queue: FANOUT_LABEL, eventId, routingKey: message.routingKey, error: lastError },
        "fan-out handler gave up on an event; dropped",
      );
      return;
    }
    this.dead.push({
      routingKey: message.routingKey,
      body: message.body,
      event,
      attempts: message.attempt,
      lastError,
      deadLetteredAt: new Date().toISOString(),
    });
    log.error(
      { service, queue: this.name, eventId, type: message.routingKey, attempts: message.attempt, error: lastError },
      "event parked in the dead-letter queue",
    );
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The in-process stand-in for the RabbitMQ exchange and its queues. */
export class MemoryBroker {
  private readonly named = new Map<string, Queue>();
  private readonly fanouts = new Set<Queue>();

  route(message: Message): void {
    for (const queue of [...this.named.values(), ...this.fanouts]) {
      if (queue.routes(message.routingKey)) queue.enqueue({ ...message });
    }
  }

  queue(name: string | undefined): Queue {
    if (name === undefined) {
      const queue = new Queue(undefined);
      this.fanouts.add(queue);
      return queue;
    }
    let queue = this.named.get(name);
    if (!queue) {
      queue = new Queue(name);
      this.named.set(name, queue);
    }
    return queue;
  }

  /** A fan-out queue goes with its subscriber, as RabbitMQ's exclusive auto-delete queues do. */
  removeFanout(queue: Queue): void {
    this.fanouts.delete(queue);
  }

  deadLetters(name: string): DeadLetter[] {
    return [...(this.named.get(name)?.dead ?? [])];
  }
}

/** A bus over a new broker of its own. */
export function createMemoryBus(opts: MemoryBusOptions): MemoryBus {
  return memoryBusOn(new MemoryBroker(), opts);
}

/**
 * A handle on `broker`: services sharing one broker (the platform launcher's single process) each get
 * their own handle, so one service closing its bus ends only its own subscriptions.
 */
export function memoryBusOn(broker: MemoryBroker, opts: MemoryBusOptions): MemoryBus {
  const service = opts.service ?? "memory";
  const metrics = busMetrics(opts.registry);
  const subscriptions = new Set<{ close(): Promise<void> }>();
  let closed = false;

  const publishRaw = async (routingKey: string, body: string, publishOpts: PublishOptions = {}) => {
    if (closed) throw new Error("the bus is closed");
    broker.route({ routingKey, body, requestId: publishOpts.requestId, headers: {}, attempt: 1 });
  };

  return {
    kind: "memory",
    publishRaw,

    async publish(events: DomainEvent[], publishOpts: PublishOptions = {}): Promise<void> {
      if (closed) throw new Error("the bus is closed");
      events.forEach((event, index) => {
        const requestId = publishOpts.requestId ?? event.correlationId ?? undefined;
        const { span, headers } = startPublishSpan(
          service,
          "in-process",
          "events",
          event,
          publishOpts.parents?.[index],
        );
        broker.route({ routingKey: event.type, body: JSON.stringify(event), requestId, headers, attempt: 1 });
        endPublishSpan(span);
        metrics.published.inc({ type: event.type });
      });
    },

    async subscribe(subscribeOpts: SubscribeOptions): Promise<Subscription> {
      if (closed) throw new Error("the bus is closed");
      if (subscribeOpts.bindings.length === 0) throw new Error("subscribe needs at least one binding");
      const queue = broker.queue(subscribeOpts.queue);
      for (const binding of subscribeOpts.bindings) queue.bind(binding);
      const consumer: Consumer = {
        handler: subscribeOpts.handler,
        prefetch: subscribeOpts.prefetch ?? 10,
        maxAttempts: Math.max(1, subscribeOpts.maxAttempts ?? 5),
        retryDelayMs: subscribeOpts.retryDelayMs ?? 500,
        inFlight: new Set(),
        metrics,
        log: opts.log,
        service,
      };
      queue.consumers.push(consumer);
      queue.schedulePump();

      let done: Promise<void> | undefined;
      const subscription = {
        close() {
          done ??= (async () => {
            subscriptions.delete(subscription);
            const index = queue.consumers.indexOf(consumer);
            if (index >= 0) queue.consumers.splice(index, 1);
            if (queue.name === undefined) broker.removeFanout(queue);
            await Promise.allSettled([...consumer.inFlight]);
          })();
          return done;
        },
      };
      subscriptions.add(subscription);
      return subscription;
    },

    async ping(): Promise<void> {
      if (closed) throw new Error("the bus is closed");
    },

    async close(): Promise<void> {
      closed = true;
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
    },

    deadLetters: (queue: string) => broker.deadLetters(queue),
  };
}
