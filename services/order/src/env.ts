import { z } from "zod";
import { authEnv, baseEnv, databaseEnv, envBoolean, loadConfig, portEnv, serviceUrlEnv } from "@ustbites/kit";

export const OrderEnv = z.object({
  ...baseEnv,
  ...authEnv,
  PORT: portEnv("order"),
  ...databaseEnv("order"),
  /** Unset: the in-process bus (embedded mode). */
  RABBITMQ_URL: z.url().optional(),
  CART_URL: serviceUrlEnv("cart"),
  RESTAURANT_URL: serviceUrlEnv("restaurant"),
  PAYMENT_URL: serviceUrlEnv("payment"),
  /** user-service, which issues the service tokens order-service calls payment with. */
  USER_URL: serviceUrlEnv("user"),
  /** order-service's own secret for service tokens: the `order:` entry of user-service's SERVICE_CREDENTIALS. */
  SERVICE_SECRET: z
    .string()
    .min(32, "must be at least 32 characters (the order: entry of user-service's SERVICE_CREDENTIALS)"),
  /** Per attempt of the synchronous POST /payments; two more attempts follow a timeout. */
  PAYMENT_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2500),
  /** A PENDING order older than this with no payment outcome is failed by the sweeper. */
  PAYMENT_SETTLE_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
  /** How often the sweeper looks for such orders. */
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
  /** WebSocket ping interval; a socket that has not answered the previous ping is dropped. */
  HEARTBEAT_MS: z.coerce.number().int().min(100).default(15_000),
  /**
   * Play the restaurant for every restaurant nobody is signed in for (no kitchen screen open): accept
   * paid orders after KITCHEN_AUTO_ACCEPT_MS, mark them ready when the prep time is up. Off: orders
   * wait for staff.
   */
  KITCHEN_SIMULATOR: envBoolean.default(true),
  /** Real milliseconds a paid order waits for staff before the simulated kitchen accepts it. */
  KITCHEN_AUTO_ACCEPT_MS: z.coerce.number().int().min(0).max(3_600_000).default(5000),
  /** Simulated seconds per real second for prep times (as DELIVERY_CLOCK_SPEED): 60 makes 15 minutes 15 s. */
  KITCHEN_CLOCK_SPEED: z.coerce.number().positive().max(1_000_000).default(60),
  /** Shortest wait between the simulated kitchen's passes, in real milliseconds (it sleeps until the next order is due). */
  KITCHEN_TICK_MS: z.coerce.number().int().min(5).max(60_000).default(500),
});

export type OrderConfig = z.output<typeof OrderEnv>;

export const readEnv = (env: Record<string, string | undefined>): OrderConfig => loadConfig("order", OrderEnv, env);
