import { z } from "zod";
import { authEnv, baseEnv, databaseEnv, loadConfig, portEnv } from "@ustbites/kit";

export const DeliveryEnv = z.object({
  ...baseEnv,
  ...authEnv,
  PORT: portEnv("delivery"),
  ...databaseEnv("delivery"),
  /** Unset: the in-process bus (only reaches services in this process). */
  RABBITMQ_URL: z.url().optional(),
  /**
   * Simulated seconds per real second. 60 makes a 15-minute prep plus a 10-minute ride take 25 real
   * seconds; 1 is real time; tests use thousands.
   */
  DELIVERY_CLOCK_SPEED: z.coerce.number().positive().max(1_000_000).default(60),
  /**
   * The shortest wait between two scheduler passes, in real milliseconds. The scheduler sleeps until
   * the next step is due (or something schedules one); this bounds how often it looks while steps
   * are due but wait for their previous event to be published.
   */
  DELIVERY_TICK_MS: z.coerce.number().int().min(5).max(60_000).default(250),
});
export type DeliveryConfig = z.output<typeof DeliveryEnv>;

export function readEnv(env: Record<string, string | undefined>): DeliveryConfig {
  return loadConfig("delivery", DeliveryEnv, env);
}
