export { startOrderService, type OrderService } from "./start.ts";
export { readEnv, OrderEnv, type OrderConfig } from "./env.ts";
export { buildApp, type OrderAppDeps } from "./app.ts";
export { startWorkers, QUEUES, type Workers, type WorkersDeps } from "./consumers/saga-events.ts";
export { CLOSE_UNAUTHORIZED } from "./routes/stream.ts";
