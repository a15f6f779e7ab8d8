export { startCartService, openCartStore, type CartService } from "./start.ts";
export { readEnv, CartEnv, type CartConfig } from "./env.ts";
export { buildApp, type CartAppDeps } from "./app.ts";
export { createMemoryCartStore } from "./store/memory.ts";
export { createRedisCartStore } from "./store/redis.ts";
export type { CartStore } from "./store/types.ts";
