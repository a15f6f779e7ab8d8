import type { Context } from "@opentelemetry/api";
import type { DomainEvent } from "@ustbites/contracts";

/** Delivery facts a handler may log or use; it must not depend on them for correctness. */
export interface DeliveryInfo {
  /** 1 on first delivery; grows with each retry. */
  attempt: number;
  requestId: string | undefined;
}

/** A handler resolves when its work is committed (then the message is acked); a throw means retry. */
export type EventHandler = (event: DomainEvent, info: DeliveryInfo) => Promise<void>;

export interface SubscribeOptions {
  /**
   * Durable queue name, one per consumer (e.g. `delivery.order-confirmed`): every replica of a service
   * shares it, so each event is handled once per consumer. Omit for a private, non-durable queue that
   * every replica gets its own copy on (fan-out, e.g. pushing status to the sockets a replica holds).
   */
  queue?: string;
  /** Routing keys (event types, `*`/`#` wildcards as in AMQP topics), e.g. ["order.*"]. */
  bindings: string[];
  handler: EventHandler;
  /** Unacked messages in flight per consumer. Default 10. */
  prefetch?: number;
  /** Attempts before a message is parked in `<queue>.dlq`. Default 5. */
  maxAttempts?: number;
  /** Backoff between attempts, doubled each time. Default 500 ms. */
  retryDelayMs?: number;
}

export interface Subscription {
  close(): Promise<void>;
}

export interface PublishOptions {
  requestId?: string | undefined;
  /**
   * The trace context each event's publish span is a child of, by index (the outbox relay passes its
   * span for each row); the active context for events without one.
   */
  parents?: readonly (Context | undefined)[];
}

/**
 * At-least-once event bus. RabbitMQ (topic exchange, publisher confirms, manual acks, retry with
 * backoff, dead-letter queue, reconnect) in production; an in-process bus with the same semantics in
 * embedded mode. Code above this interface cannot tell them apart.
 */
export interface EventBus {
  readonly kind: "amqp" | "memory";
  /** Resolves once the broker has confirmed every event (persisted); rejects if it did not. */
  publish(events: DomainEvent[], opts?: PublishOptions): Promise<void>;
  subscribe(opts: SubscribeOptions): Promise<Subscription>;
  /** For /readyz: resolves while the broker connection is up. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** What the bus needs of a logger; a pino logger fits. */
export interface BusLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
