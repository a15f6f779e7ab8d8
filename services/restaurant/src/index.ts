export { startRestaurantService, type RestaurantService } from "./start.ts";
export { readEnv, type RestaurantConfig } from "./env.ts";
export { buildApp, type RestaurantAppDeps } from "./app.ts";
export { seedCatalogue, seedId } from "./seed/seed.ts";
