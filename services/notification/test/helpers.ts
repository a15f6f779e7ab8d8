import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { connect } from "amqplib";
import type { DomainEvent } from "@ustbites/contracts";
import { createLogger, type App } from "@ustbites/kit";
import {
  deadLetterQueueName,
  openBus,
  retryDelay,
  retryQueueName,
  type EventBus,
  type Subscription,
} from "@ustbites/kit/bus";
import {
  createTestKeys,
  openTestDatabase as openKitTestDatabase,
  testRabbitUrl,
  type OpenedTestDatabase,
} from "@ustbites/kit/testing";
import { buildApp } from "../src/app.ts";
import { startDispatcher, type Dispatcher, type RetryPolicy } from "../src/domain/dispatcher.ts";
import { createNotifier, type Notifier } from "../src/domain/notifier.ts";
import { readEnv } from "../src/env.ts";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import { createNotificationRepository } from "../src/repositories/notifications.ts";
import { createEmailSender } from "../src/senders/email.ts";
import { createLoggingSmsProvider } from "../src/senders/sms.ts";
import { consumeEvents } from "../src/consumers/events.ts";
import { startTestSmtpServer, type TestSmtpServer } from "./smtp.ts";

const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));
export const RABBITMQ_URL = testRabbitUrl();
export const MAIL_FROM = "USTBites <no-reply@ustbites.local>";
const log = createLogger("notification", "silent");

export interface TestDb extends OpenedTestDatabase<PrismaClient> {
  notifier: Notifier;
  /** Records an event's messages straight into the database, without the bus; resolves how many. */
  record(event: DomainEvent): Promise<number>;
}

/** A fresh, migrated database of this test file's own on the local PostgreSQL, dropped by close(). */
export async function openTestDatabase(): Promise<TestDb> {
  const opened = await openKitTestDatabase({
    service: "notification",
    migrationsDir: MIGRATIONS_DIR,
    client: (options) => new PrismaClient(options),
  });
  const notifier = createNotifier({ repo: createNotificationRepository(opened.prisma) });
  // Lease 0: the messages are due at once, for a sender loop started later (or never).
  return {
    ...opened,
    notifier,
    record: async (event) => (await notifier.record(event, "test", 0))?.claimed.length ?? 0,
  };
}

export interface TestApp extends TestDb {
  app: App;
  /** A valid access token for `userId`, signed by the key the app trusts. */
  token(userId: string): Promise<string>;
}

/** The HTTP app with a local signing key instead of user-service's JWKS. */
export async function createTestApp(): Promise<TestApp> {
  const testDb = await openTestDatabase();
  const keys = await createTestKeys();
  const config = readEnv({ LOG_LEVEL: "silent" });
  const app = await buildApp({
    prisma: testDb.prisma,
    config,
    keys: keys.keys,
    notifier: testDb.notifier,
    logger: log,
  });
  await app.ready();
  return {
    ...testDb,
    app,
    token: (userId) => keys.student(userId),
    async close() {
      await app.close();
      await testDb.close();
    },
  };
}

export interface Pipeline extends TestDb {
  smtp: TestSmtpServer;
  bus: EventBus;
  dispatcher: Dispatcher;
  publish(...events: DomainEvent[]): Promise<void>;
}

const BUS_MAX_ATTEMPTS = 4;
const BUS_RETRY_MS = 100;

/**
 * The consuming side end to end: events published on RabbitMQ (an exchange and queue of this file's
 * own, so other test files' events never arrive here), recorded in PostgreSQL, sent to a real SMTP
 * server. Retries are fast so a failing message ends within a second or two.
 */
export async function startPipeline(
  opts: { retry?: Partial<RetryPolicy>; smtp?: { reject?: RegExp } } = {},
): Promise<Pipeline> {
  const testDb = await openTestDatabase();
  const smtp = await startTestSmtpServer(opts.smtp);
  const tag = randomBytes(5).toString("hex");
  const exchange = `ustbites.test.notification.${tag}`;
  const queue = `notification.test-${tag}`;
  const bus = await openBus({ url: RABBITMQ_URL, service: "notification", log, exchange });
  const email = createEmailSender({ smtpUrl: smtp.url, from: MAIL_FROM, log });
  const dispatcher = startDispatcher({
    repo: createNotificationRepository(testDb.prisma),
    email,
    sms: createLoggingSmsProvider(log),
    log,
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, ...opts.retry },
    pollMs: 50,
  });
  const subscription: Subscription = await consumeEvents({
    bus,
    notifier: testDb.notifier,
    dispatcher,
    log,
    queue,
    maxAttempts: BUS_MAX_ATTEMPTS,
    retryDelayMs: BUS_RETRY_MS,
  });
  return {
    ...testDb,
    smtp,
    bus,
    dispatcher,
    publish: (...events) => bus.publish(events),
    async close() {
      await subscription.close();
      await dispatcher.stop();
      await bus.close();
      email.close();
      await smtp.close();
      await testDb.close();
      await deleteBrokerObjects(exchange, queue);
    },
  };
}

/** Durable queues outlive the test: remove this file's queue, its retry and dead-letter queues, and its exchange. */
async function deleteBrokerObjects(exchange: string, queue: string) {
  const connection = await connect(RABBITMQ_URL);
  try {
    const channel = await connection.createChannel();
    const retries = Array.from({ length: BUS_MAX_ATTEMPTS - 1 }, (_, i) =>
      retryQueueName(queue, retryDelay(BUS_RETRY_MS, i + 1)),
    );
    for (const name of [queue, deadLetterQueueName(queue), ...retries]) await channel.deleteQueue(name);
    await channel.deleteExchange(exchange);
  } finally {
    await connection.close();
  }
}

/** Lets in-flight work that should NOT happen get its chance to, before asserting it did not. */
export const settle = (ms = 500) => new Promise((resolve) => setTimeout(resolve, ms));
