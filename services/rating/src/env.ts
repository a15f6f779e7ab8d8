import { z } from "zod";
import { authEnv, baseEnv, loadConfig, portEnv } from "@ustbites/kit";

export const RatingEnv = z.object({ ...baseEnv, ...authEnv, PORT: portEnv("rating") });
export type RatingConfig = z.output<typeof RatingEnv>;
export const readEnv = (env: Record<string, string | undefined>): RatingConfig => loadConfig("rating", RatingEnv, env);
