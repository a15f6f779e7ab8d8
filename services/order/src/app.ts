import websocket from "@fastify/websocket";
import { EVENT_SUBSCRIPTIONS } from "@ustbites/contracts";
import {
  createService,
  createServiceTokenSource,
  tokenVerifierFor,
  type App,
  type ServiceTokenSource,
} from "@ustbites/kit";
import type { EventBus } from "@ustbites/kit/bus";
import type { JWTVerifyGetKey } from "jose";
import type { Logger } from "pino";
import { createKitchen } from "./domain/kitchen.ts";
import { createOrders } from "./domain/orders.ts";
import { createSaga } from "./domain/saga.ts";
import { createUpstreams, type Upstreams } from "./domain/upstreams.ts";
import type { OrderConfig } from "./env.ts";
import type { PrismaClient } from "./generated/prisma/client.ts";
import { createOrderRepository } from "./repositories/orders.ts";
import { kitchenRoutes } from "./routes/kitchen.ts";
import { orderRoutes } from "./routes/orders.ts";
import { streamRoutes } from "./routes/stream.ts";
import { createStatusHub } from "./stream/hub.ts";

export interface OrderAppDeps {
  prisma: PrismaClient;
  /** Live status changes reach this replica's sockets through a fan-out subscription on it. */
  bus: EventBus;
  config: Pick<
    OrderConfig,
    | "LOG_LEVEL"
    | "JWKS_URL"
    | "JWT_ISSUER"
    | "JWT_AUDIENCE"
    | "CART_URL"
    | "RESTAURANT_URL"
    | "PAYMENT_URL"
    | "PAYMENT_TIMEOUT_MS"
    | "HEARTBEAT_MS"
    | "USER_URL"
    | "SERVICE_SECRET"
    | "KITCHEN_CLOCK_SPEED"
  >;
  /** Called after a commit that wrote outbox rows: the relay's `kick`. */
  onEventsEnqueued: () => void;
  /** Called after an order was confirmed (paid): the simulated kitchen's `kick`. */
  onConfirmed?: () => void;
  logger?: Logger;
  /** Keys access tokens are verified with; defaults to user-service's JWKS at config.JWKS_URL. */
  keys?: JWTVerifyGetKey;
  /** The cart, restaurant and payment calls; defaults to HTTP at the configured URLs. */
  upstreams?: Upstreams;
  /** order-service's service tokens; defaults to user-service's POST /service-tokens with SERVICE_SECRET. Tests sign their own. */
  serviceTokens?: ServiceTokenSource;
  readiness?: Record<string, () => Promise<unknown>>;
  /** Without an Authorization header, how long a socket may take to send `auth`. Default 5000 ms. */
  streamAuthTimeoutMs?: number;
  now?: () => Date;
}

export async function buildApp(deps: OrderAppDeps): Promise<App> {
  const { config } = deps;
  const verify = tokenVerifierFor(config, deps.keys);
  const app = await createService({
    name: "order",
    description:
      "Orders: placing (idempotent, re-priced, paid synchronously), history, cancelling, the restaurant's side (accept, reject, ready), and a live status stream over WebSocket.",
    logLevel: config.LOG_LEVEL,
    ...(deps.logger ? { logger: deps.logger } : {}),
    readiness: { ...(deps.readiness ?? {}), bus: () => deps.bus.ping() },
    verifyToken: verify,
  });
  const now = deps.now ?? (() => new Date());
  const repo = createOrderRepository(deps.prisma);
  const saga = createSaga({ repo, now, log: app.log });
  const serviceTokens =
    deps.serviceTokens ??
    createServiceTokenSource({ userUrl: config.USER_URL, service: "order", secret: config.SERVICE_SECRET });
  const upstreams =
    deps.upstreams ??
    createUpstreams({
      cartUrl: config.CART_URL,
      restaurantUrl: config.RESTAURANT_URL,
      paymentUrl: config.PAYMENT_URL,
      paymentTimeoutMs: config.PAYMENT_TIMEOUT_MS,
      serviceToken: (audience) => serviceTokens.tokenFor(audience),
    });
  const orders = createOrders({
    repo,
    saga,
    upstreams,
    now,
    onEventsEnqueued: deps.onEventsEnqueued,
    onConfirmed: deps.onConfirmed ?? (() => {}),
    log: app.log,
  });
  const kitchen = createKitchen({
    repo,
    saga,
    now,
    clockSpeed: config.KITCHEN_CLOCK_SPEED,
    onEventsEnqueued: deps.onEventsEnqueued,
  });

  const hub = createStatusHub();
  // No queue name: every replica gets its own copy of every change, for the sockets it holds.
  const fanOut = await deps.bus.subscribe({
    bindings: [...EVENT_SUBSCRIPTIONS.order.fanout],
    handler: async (event) => {
      if (event.type === "order.status_changed") hub.publish(event.payload);
    },
  });
  app.addHook("onClose", () => fanOut.close());

  await app.register(websocket, { options: { maxPayload: 16 * 1024 } });
  await app.register(streamRoutes, {
    hub,
    repo,
    verify,
    heartbeatMs: config.HEARTBEAT_MS,
    authTimeoutMs: deps.streamAuthTimeoutMs ?? 5000,
    now,
  });
  await app.register(orderRoutes, { orders });
  await app.register(kitchenRoutes, { kitchen });
  return app;
}
