import { z } from "zod";
import { baseEnv, loadConfig, portEnv, tracingEnv } from "@ustbites/kit";

export const PlatformEnv = z.object({
  HOST: baseEnv.HOST,
  LOG_LEVEL: baseEnv.LOG_LEVEL,
  /** One process, one tracing set-up: the launcher's, before any service starts. */
  ...tracingEnv,
  /** Root of embedded state; each service keeps its own folder below it. */
  DATA_DIR: z.string().default(".data"),
  /** One server for every service: the launcher puts each service in its own database, ustbites_<service>. */
  DATABASE_URL: z.url().optional(),
  GATEWAY_PORT: portEnv("gateway"),
  /** `fixed`: the documented ports (docs/conventions.md); `ephemeral`: any free ones (tests, parallel runs). */
  PLATFORM_PORTS: z.enum(["fixed", "ephemeral"]).default("fixed"),
});

export type PlatformConfig = z.output<typeof PlatformEnv>;

export const readEnv = (env: Record<string, string | undefined>): PlatformConfig =>
  loadConfig("platform", PlatformEnv, env);
