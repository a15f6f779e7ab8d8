import { createService, tokenVerifierFor, type App } from "@ustbites/kit";
import type { JWTVerifyGetKey } from "jose";
import type { Logger } from "pino";
import type { RatingConfig } from "./env.ts";
import { ratingRoutes } from "./routes/ratings.ts";

export interface RatingAppDeps {
  config: Pick<RatingConfig, "LOG_LEVEL" | "JWKS_URL" | "JWT_ISSUER" | "JWT_AUDIENCE">;
  logger?: Logger;
  keys?: JWTVerifyGetKey;
}

export async function buildApp(deps: RatingAppDeps): Promise<App> {
  const app = await createService({
    name: "rating",
    description: "Restaurant ratings.",
    logLevel: deps.config.LOG_LEVEL,
    ...(deps.logger ? { logger: deps.logger } : {}),
    verifyToken: tokenVerifierFor(deps.config, deps.keys),
  });
  await app.register(ratingRoutes);
  return app;
}
