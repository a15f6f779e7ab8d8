import { z } from "zod";
import { authEnv, baseEnv, databaseEnv, loadConfig, portEnv } from "@ustbites/kit";

export const NotificationEnv = z.object({
  ...baseEnv,
  ...authEnv,
  PORT: portEnv("notification"),
  ...databaseEnv("notification"),
  RABBITMQ_URL: z.url().optional(),
  /** e.g. smtp://127.0.0.1:2525 or smtps://user:pass@mail.example:465; unset = log emails instead of sending. */
  SMTP_URL: z.url().optional(),
  MAIL_FROM: z.string().min(3).default("USTBites <no-reply@ustbites.local>"),
  /** Attempts per message before it ends FAILED. */
  SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** First retry delay; doubled per attempt, capped at 10 minutes. */
  SEND_RETRY_BASE_MS: z.coerce.number().int().min(10).default(2000),
});

export type NotificationConfig = z.output<typeof NotificationEnv>;

export const readEnv = (env: Record<string, string | undefined>): NotificationConfig =>
  loadConfig("notification", NotificationEnv, env);
