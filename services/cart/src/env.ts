import { z } from "zod";
import { authEnv, baseEnv, envPort, loadConfig } from "@ustbites/kit";

const schema = z.object({
  ...baseEnv,
  ...authEnv,
  PORT: envPort.default(3003),
  /** Unset: carts live in this process's memory and vanish on restart (embedded mode). */
  REDIS_URL: z.url().optional(),
  /** An idle cart expires this long after its last change; every write starts the clock again. */
  CART_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(7 * 24 * 3600),
  RESTAURANT_URL: z.url().default("http://127.0.0.1:3002"),
  /** Unset: the in-process bus (embedded mode). Cart listens for confirmed orders to empty their carts. */
  RABBITMQ_URL: z.url().optional(),
});

export type CartConfig = z.output<typeof schema>;

export const readEnv = (env: Record<string, string | undefined>): CartConfig => loadConfig("cart", schema, env);
