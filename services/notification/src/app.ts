import { createService, tokenVerifierFor, type App, type ReadinessCheck } from "@ustbites/kit";
import type { JWTVerifyGetKey } from "jose";
import type { Logger } from "pino";
import type { NotificationConfig } from "./env.ts";
import type { PrismaClient } from "./generated/prisma/client.ts";
import { createNotifier, type Notifier } from "./domain/notifier.ts";
import { createNotificationRepository } from "./repositories/notifications.ts";
import { notificationRoutes } from "./routes/notifications.ts";

export interface NotificationAppDeps {
  prisma: PrismaClient;
  config: Pick<NotificationConfig, "LOG_LEVEL" | "JWKS_URL" | "JWT_ISSUER" | "JWT_AUDIENCE">;
  /** Keys access tokens are verified with; defaults to user-service's JWKS at config.JWKS_URL. Tests pass a local set. */
  keys?: JWTVerifyGetKey;
  notifier?: Notifier;
  logger?: Logger;
  readiness?: Record<string, ReadinessCheck>;
}

/** The HTTP side only (GET /notifications, health, metrics); consuming events is `consumeEvents`. */
export async function buildApp(deps: NotificationAppDeps): Promise<App> {
  const { config } = deps;
  const verify = tokenVerifierFor(config, deps.keys);
  const app = await createService({
    name: "notification",
    description: "Emails (SMTP) and simulated SMS about a student's orders, with a record of every message.",
    logLevel: config.LOG_LEVEL,
    ...(deps.logger ? { logger: deps.logger } : {}),
    readiness: deps.readiness ?? {},
    verifyToken: verify,
  });
  const notifier = deps.notifier ?? createNotifier({ repo: createNotificationRepository(deps.prisma) });
  await app.register(notificationRoutes, { notifier });
  return app;
}
