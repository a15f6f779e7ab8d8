import {
  createService,
  createServiceTokenSource,
  newId,
  serviceVerifierFor,
  tokenVerifierFor,
  type App,
  type ReadinessCheck,
  type ServiceTokenSource,
} from "@ustbites/kit";
import type { JWTVerifyGetKey } from "jose";
import type { Logger } from "pino";
import { createRestaurantCatalogue, type ItemCatalogue } from "./clients/restaurant.ts";
import { createCarts } from "./domain/carts.ts";
import type { CartConfig } from "./env.ts";
import { cartRoutes } from "./routes/cart.ts";
import { internalCartRoutes } from "./routes/internal.ts";
import type { CartStore } from "./store/types.ts";

export interface CartAppDeps {
  config: Pick<
    CartConfig,
    "LOG_LEVEL" | "JWKS_URL" | "JWT_ISSUER" | "JWT_AUDIENCE" | "RESTAURANT_URL" | "USER_URL" | "SERVICE_SECRET"
  >;
  store: CartStore;
  logger?: Logger;
  /** Keys access and service tokens are verified with; defaults to user-service's JWKS at config.JWKS_URL. */
  keys?: JWTVerifyGetKey;
  /** cart-service's own service tokens; defaults to user-service's POST /service-tokens with SERVICE_SECRET. Tests sign their own. */
  serviceTokens?: Pick<ServiceTokenSource, "tokenFor">;
  /** Where prices come from; defaults to restaurant-service at config.RESTAURANT_URL. */
  catalogue?: ItemCatalogue;
  /** More dependencies /readyz waits on (start.ts: the bus). */
  readiness?: Record<string, ReadinessCheck>;
  now?: () => Date;
}

export async function buildApp(deps: CartAppDeps): Promise<App> {
  const { config, store } = deps;
  const verify = tokenVerifierFor(config, deps.keys);
  const app = await createService({
    name: "cart",
    description:
      "The signed-in student's cart: one restaurant, lines with notes, re-priced from restaurant-service on every read.",
    logLevel: config.LOG_LEVEL,
    ...(deps.logger ? { logger: deps.logger } : {}),
    // The in-memory store cannot fail, so only Redis is worth asking.
    readiness: { ...(store.kind === "redis" ? { redis: () => store.ping() } : {}), ...deps.readiness },
    verifyToken: verify,
    verifyService: serviceVerifierFor(config, "cart", deps.keys),
  });
  const serviceTokens =
    deps.serviceTokens ??
    createServiceTokenSource({ userUrl: config.USER_URL, service: "cart", secret: config.SERVICE_SECRET });
  const carts = createCarts({
    store,
    catalogue:
      deps.catalogue ??
      createRestaurantCatalogue({
        baseUrl: config.RESTAURANT_URL,
        serviceToken: () => serviceTokens.tokenFor("restaurant"),
      }),
    now: deps.now ?? (() => new Date()),
    newId,
  });
  await app.register(cartRoutes, { carts });
  await app.register(internalCartRoutes, { carts });
  return app;
}
