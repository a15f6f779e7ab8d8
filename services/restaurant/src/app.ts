import {
  createService,
  serviceVerifierFor,
  tokenVerifierFor,
  type App,
  type createLogger,
  type ServiceVerifier,
  type TokenVerifier,
} from "@ustbites/kit";
import type { RestaurantConfig } from "./env.ts";
import type { PrismaClient } from "./generated/prisma/client.ts";
import { createCatalogue } from "./domain/catalogue.ts";
import { createRestaurantRepository } from "./repositories/restaurants.ts";
import { itemRoutes } from "./routes/items.ts";
import { restaurantRoutes } from "./routes/restaurants.ts";

export interface RestaurantAppDeps {
  prisma: PrismaClient;
  /** The database handle, for /readyz. */
  db: { ping: () => Promise<unknown> };
  config: Pick<RestaurantConfig, "LOG_LEVEL" | "JWKS_URL" | "JWT_ISSUER" | "JWT_AUDIENCE" | "MENU_CACHE_TTL_MS">;
  logger?: ReturnType<typeof createLogger>;
  /** Verifies access tokens; defaults to user-service's JWKS at config.JWKS_URL. Tests pass a local key set. */
  verifyToken?: TokenVerifier;
  /** Verifies service tokens (cart and order re-pricing); defaults to the same JWKS. Tests pass a local key set. */
  verifyService?: ServiceVerifier;
  /** The clock "open now" is decided on; tests fix it. */
  now?: () => Date;
}

export async function buildApp(deps: RestaurantAppDeps): Promise<App> {
  const { config } = deps;
  const verify = deps.verifyToken ?? tokenVerifierFor(config);
  const app = await createService({
    name: "restaurant",
    description: "Restaurants, menus, items, opening hours and availability; typo-tolerant search.",
    logLevel: config.LOG_LEVEL,
    ...(deps.logger ? { logger: deps.logger } : {}),
    readiness: { database: deps.db.ping },
    verifyToken: verify,
    verifyService: deps.verifyService ?? serviceVerifierFor(config, "restaurant"),
  });
  const catalogue = createCatalogue({
    repo: createRestaurantRepository(deps.prisma),
    now: deps.now ?? (() => new Date()),
    menuCacheTtlMs: config.MENU_CACHE_TTL_MS,
  });

  await app.register(restaurantRoutes, { catalogue });
  await app.register(itemRoutes, { catalogue });
  return app;
}
