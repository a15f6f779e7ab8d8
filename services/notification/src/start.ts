import { fileURLToPath } from "node:url";
import { createLogger, startService, startTracing, type App } from "@ustbites/kit";
import { databaseOptions, openDatabase } from "@ustbites/kit/db";
import { openBus } from "@ustbites/kit/bus";
import { buildApp } from "./app.ts";
import { consumeEvents } from "./consumers/events.ts";
import { startDispatcher } from "./domain/dispatcher.ts";
import { createNotifier } from "./domain/notifier.ts";
import type { NotificationConfig } from "./env.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { createNotificationRepository } from "./repositories/notifications.ts";
import { createEmailSender } from "./senders/email.ts";
import { createLoggingSmsProvider } from "./senders/sms.ts";

const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));
const MAX_RETRY_DELAY_MS = 10 * 60_000;

export interface NotificationService {
  app: App;
  /** Where it listens, e.g. http://127.0.0.1:3007. */
  address: string;
  close(): Promise<void>;
}

/**
 * Opens the database and the bus, starts the sender loop and the event consumer, and listens on
 * HOST:PORT. Used by main.ts and by the platform launcher.
 */
export function startNotificationService(config: NotificationConfig): Promise<NotificationService> {
  const log = createLogger("notification", config.LOG_LEVEL);
  startTracing(config, "notification", log);
  return startService(log, async (resources) => {
    const db = resources.hold(
      await openDatabase({ service: "notification", ...databaseOptions(config), migrationsDir: MIGRATIONS_DIR, log }),
      (d) => d.close(),
    );
    const prisma = resources.hold(new PrismaClient(db.clientOptions), (p) => p.$disconnect());
    const bus = resources.hold(await openBus({ url: config.RABBITMQ_URL, service: "notification", log }), (b) =>
      b.close(),
    );
    const email = resources.hold(createEmailSender({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, log }), (e) =>
      e.close(),
    );

    const repo = createNotificationRepository(prisma);
    const notifier = createNotifier({ repo });
    const dispatcher = resources.hold(
      startDispatcher({
        repo,
        email,
        sms: createLoggingSmsProvider(log),
        log,
        retry: {
          maxAttempts: config.SEND_MAX_ATTEMPTS,
          baseDelayMs: config.SEND_RETRY_BASE_MS,
          maxDelayMs: MAX_RETRY_DELAY_MS,
        },
      }),
      (d) => d.stop(),
    );
    // 8 bus attempts from 0.5 s, doubling: a delivery event that overtook its student's first order
    // event waits about a minute for it before it is parked in the DLQ.
    resources.hold(await consumeEvents({ bus, notifier, dispatcher, log, maxAttempts: 8 }), (s) => s.close());

    const app = resources.app(
      await buildApp({ prisma, config, notifier, logger: log, readiness: { database: db.ping, bus: bus.ping } }),
    );
    return { app, address: await app.listen({ host: config.HOST, port: config.PORT }) };
  });
}
