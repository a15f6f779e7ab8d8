import type { Registry } from "prom-client";
import { createAmqpBus, DEFAULT_EXCHANGE } from "./amqp.ts";
import { MemoryBroker, memoryBusOn } from "./memory.ts";
import type { BusLogger, EventBus } from "./types.ts";

export type {
  BusLogger,
  DeliveryInfo,
  EventBus,
  EventHandler,
  PublishOptions,
  SubscribeOptions,
  Subscription,
} from "./types.ts";
export {
  BusUnavailableError,
  createAmqpBus,
  deadLetterQueueName,
  DEFAULT_EXCHANGE,
  retryQueueName,
  type AmqpBusOptions,
} from "./amqp.ts";
export {
  createMemoryBus,
  MemoryBroker,
  memoryBusOn,
  type DeadLetter,
  type MemoryBus,
  type MemoryBusOptions,
} from "./memory.ts";
export { retryDelay } from "./retry.ts";
export { topicMatcher } from "./topic.ts";
export {
  enqueueEvents,
  outboxInsert,
  startOutboxRelay,
  type OutboxRelay,
  type OutboxRelayOptions,
  type SqlStatement,
} from "./outbox.ts";
export { handleOnce } from "./inbox.ts";
export type { SqlClient, TransactionalClient, TransactionOptions } from "./sql.ts";

export interface OpenBusOptions {
  /** RABBITMQ_URL; unset = the in-process bus. */
  url?: string | undefined;
  service: string;
  log: BusLogger;
  registry?: Registry | undefined;
  exchange?: string;
}

/** The one in-process broker of this process: every service the platform launcher runs shares it. */
let processBroker: MemoryBroker | undefined;

/**
 * The service's bus: RabbitMQ when `url` is set, otherwise a handle on this process's in-process bus
 * (so services running in one process reach each other's events). Logs which one it chose.
 */
export async function openBus(opts: OpenBusOptions): Promise<EventBus> {
  const { url, service, log, registry } = opts;
  if (url) {
    const bus = await createAmqpBus({ url, service, log, registry, exchange: opts.exchange ?? DEFAULT_EXCHANGE });
    const { hostname, port, pathname } = new URL(url);
    log.info(
      {
        service,
        bus: "rabbitmq",
        host: `${hostname}:${port || 5672}`,
        vhost: decodeURIComponent(pathname.slice(1)) || "/",
      },
      "using RabbitMQ",
    );
    return bus;
  }
  processBroker ??= new MemoryBroker();
  log.info({ service, bus: "memory" }, "RABBITMQ_URL not set: using the in-process bus");
  return memoryBusOn(processBroker, { log, service, registry });
}
