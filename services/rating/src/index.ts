export { startRatingService, type RatingService } from "./start.ts";
export { readEnv, RatingEnv, type RatingConfig } from "./env.ts";
export { buildApp } from "./app.ts";
