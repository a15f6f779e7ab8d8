import { createLogger, startService, startTracing, type App } from "@ustbites/kit";
import { openBus } from "@ustbites/kit/bus";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { buildApp } from "./app.ts";
import { subscribeToConfirmedOrders } from "./consumers/order-events.ts";
import type { CartConfig } from "./env.ts";
import { createMemoryCartStore } from "./store/memory.ts";
import { createRedisCartStore } from "./store/redis.ts";
import type { CartStore } from "./store/types.ts";

export interface CartService {
  app: App;
  /** Where it listens, e.g. http://127.0.0.1:3003. */
  address: string;
  close(): Promise<void>;
}

/** Redis when REDIS_URL is set; otherwise memory, which forgets every cart on restart. */
export function openCartStore(config: Pick<CartConfig, "REDIS_URL" | "CART_TTL_SECONDS">, log: Logger): CartStore {
  if (!config.REDIS_URL) {
    log.info("REDIS_URL not set: using the in-memory cart store");
    return createMemoryCartStore({ ttlSeconds: config.CART_TTL_SECONDS });
  }
  const url = new URL(config.REDIS_URL);
  log.info({ redis: `${url.hostname}:${url.port || 6379}` }, "using the Redis cart store");
  // Fail a request quickly while Redis is down instead of queueing it; /readyz reports the outage.
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 3000, commandTimeout: 3000 });
  redis.on("error", (err: Error) => log.warn({ err }, "redis connection error"));
  return createRedisCartStore({ redis, ttlSeconds: config.CART_TTL_SECONDS });
}

/** Opens the cart store and the bus, builds, listens. Used by main.ts and by the platform launcher. */
export function startCartService(config: CartConfig): Promise<CartService> {
  const log = createLogger("cart", config.LOG_LEVEL);
  startTracing(config, "cart", log);
  return startService(log, async (resources) => {
    const store = resources.hold(openCartStore(config, log), (s) => s.close());
    const bus = resources.hold(await openBus({ url: config.RABBITMQ_URL, service: "cart", log }), (b) => b.close());
    resources.hold(await subscribeToConfirmedOrders({ bus, store }), (s) => s.close());
    const app = resources.app(await buildApp({ config, store, logger: log, readiness: { bus: () => bus.ping() } }));
    return { app, address: await app.listen({ host: config.HOST, port: config.PORT }) };
  });
}
