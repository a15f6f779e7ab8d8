import { z } from "zod";
import { authEnv, baseEnv, databaseEnv, loadConfig, portEnv } from "@ustbites/kit";

export const PaymentEnv = z.object({
  ...baseEnv,
  ...authEnv,
  PORT: portEnv("payment"),
  ...databaseEnv("payment"),
  /** Unset: the in-process bus. */
  RABBITMQ_URL: z.url({ protocol: /^amqps?$/ }).optional(),
  /** How long the simulated processor sits on the TEST_CARDS.timeout card before it succeeds. */
  PROCESSOR_TIMEOUT_CARD_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(8000),
});

export type PaymentConfig = z.output<typeof PaymentEnv>;

export const readEnv = (env: Record<string, string | undefined>): PaymentConfig =>
  loadConfig("payment", PaymentEnv, env);
