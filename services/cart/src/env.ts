import { z } from "zod";
import { authEnv, baseEnv, loadConfig, portEnv, serviceUrlEnv } from "@ustbites/kit";

export const CartEnv = z.object({
  ...baseEnv,
  ...authEnv,
  PORT: portEnv("cart"),
  /** Unset: carts live in this process's memory and vanish on restart (embedded mode). */
  REDIS_URL: z.url().optional(),
  /** An idle cart expires this long after its last change; every write starts the clock again. */
  CART_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(7 * 24 * 3600),
  RESTAURANT_URL: serviceUrlEnv("restaurant"),
  /** Unset: the in-process bus (embedded mode). Cart listens for confirmed orders to empty their carts. */
  RABBITMQ_URL: z.url().optional(),
});

export type CartConfig = z.output<typeof CartEnv>;

export const readEnv = (env: Record<string, string | undefined>): CartConfig => loadConfig("cart", CartEnv, env);
