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
  /** user-service, which issues the service token cart prices lines with at restaurant-service. */
  USER_URL: serviceUrlEnv("user"),
  /** cart-service's own secret for service tokens: the `cart:` entry of user-service's SERVICE_CREDENTIALS. */
  SERVICE_SECRET: z
    .string()
    .min(32, "must be at least 32 characters (the cart: entry of user-service's SERVICE_CREDENTIALS)"),
  /** Unset: the in-process bus (embedded mode). Cart listens for confirmed orders to empty their carts. */
  RABBITMQ_URL: z.url().optional(),
});

export type CartConfig = z.output<typeof CartEnv>;

export const readEnv = (env: Record<string, string | undefined>): CartConfig => loadConfig("cart", CartEnv, env);
