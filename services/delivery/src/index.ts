export { startDeliveryService, type DeliveryService, type DeliveryStartOptions } from "./start.ts";
export { readEnv, DeliveryEnv, type DeliveryConfig } from "./env.ts";
export { buildApp, type DeliveryAppDeps } from "./app.ts";
