import { createService, tokenVerifierFor, type App } from "@ustbites/kit";
import type { JWTVerifyGetKey } from "jose";
import type { Logger } from "pino";
import type { DeliveryConfig } from "./env.ts";
import type { Deliveries } from "./domain/deliveries.ts";
import type { CourierRepository } from "./repositories/couriers.ts";
import { courierAppRoutes } from "./routes/courier.ts";
import { courierRoutes } from "./routes/couriers.ts";
import { deliveryRoutes } from "./routes/deliveries.ts";

export interface DeliveryAppDeps {
  deliveries: Deliveries;
  couriers: CourierRepository;
  config: Pick<DeliveryConfig, "LOG_LEVEL" | "JWKS_URL" | "JWT_ISSUER" | "JWT_AUDIENCE">;
  /** Keys access tokens are verified with; defaults to user-service's JWKS at config.JWKS_URL. Tests pass a local set. */
  keys?: JWTVerifyGetKey;
  logger?: Logger;
  /** Dependencies /readyz waits on (database, bus). */
  readiness?: Record<string, () => Promise<unknown>>;
  /** Called after a courier's step wrote an event (kicks the outbox relay). */
  onEventsEnqueued?: () => void;
}

/** The HTTP side of delivery-service: tracking, the courier list and the courier screen's API. Never listens. */
export async function buildApp(deps: DeliveryAppDeps): Promise<App> {
  const { config } = deps;
  const verify = tokenVerifierFor(config, deps.keys);
  const app = await createService({
    name: "delivery",
    description:
      "Couriers and deliveries: assigns a courier to each confirmed order and moves it to the student's door on a time-scaled clock.",
    logLevel: config.LOG_LEVEL,
    ...(deps.logger ? { logger: deps.logger } : {}),
    readiness: deps.readiness ?? {},
    verifyToken: verify,
  });

  await app.register(deliveryRoutes, { deliveries: deps.deliveries });
  await app.register(courierRoutes, { couriers: deps.couriers });
  await app.register(courierAppRoutes, { deliveries: deps.deliveries, onMoved: deps.onEventsEnqueued ?? (() => {}) });
  return app;
}
