import { createLogger, startService, startTracing, type App } from "@ustbites/kit";
import { buildApp } from "./app.ts";
import type { RatingConfig } from "./env.ts";

export interface RatingService {
  app: App;
  address: string;
  close(): Promise<void>;
}

export function startRatingService(config: RatingConfig): Promise<RatingService> {
  const log = createLogger("rating", config.LOG_LEVEL);
  startTracing(config, "rating", log);
  return startService(log, async (resources) => {
    const app = resources.app(await buildApp({ config, logger: log }));
    return { app, address: await app.listen({ host: config.HOST, port: config.PORT }) };
  });
}
