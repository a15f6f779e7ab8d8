export { startRestaurantService, type RestaurantService } from "./start.ts";
export { readEnv, RestaurantEnv, type RestaurantConfig } from "./env.ts";
export { buildApp, type RestaurantAppDeps } from "./app.ts";
export { seedCatalogue, seedId } from "./seed/seed.ts";
