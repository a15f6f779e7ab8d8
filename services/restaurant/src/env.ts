import { z } from "zod";
import { authEnv, baseEnv, databaseEnv, envBoolean, envPort, loadConfig } from "@ustbites/kit";

export const RestaurantEnv = z.object({
  ...baseEnv,
  ...authEnv,
  PORT: envPort.default(3002),
  ...databaseEnv("restaurant"),
  /** Upsert the campus restaurants and menus at start; idempotent, so safe on every start. */
  SEED_ON_START: envBoolean.default(true),
  /**
   * Demos and browser tests: the campus time "open now" starts from (ISO-8601), then advancing in real
   * time, so a run at 3 a.m. still finds kitchens open. Unset: the real time. Affects opening hours only.
   */
  CAMPUS_CLOCK: z.iso.datetime({ offset: true }).optional(),
  /**
   * How long a menu read stays in memory without a change made through this replica: the longest
   * another replica's change goes unseen here (orders re-price from the database regardless). 0: off.
   */
  MENU_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
});
export type RestaurantConfig = z.output<typeof RestaurantEnv>;

export function readEnv(env: Record<string, string | undefined>): RestaurantConfig {
  return loadConfig("restaurant", RestaurantEnv, env);
}
