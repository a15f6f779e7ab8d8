import { z } from "zod";
import { baseEnv, envPort, loadConfig, portEnv, tracingEnv } from "@ustbites/kit";
import { DEPLOYABLES, type DeployableName } from "@ustbites/kit/deployables";

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

/** The services the launcher starts itself; the gateway is configured from PlatformEnv. */
export type LaunchedService = Exclude<DeployableName, "gateway">;
const LAUNCHED = Object.keys(DEPLOYABLES).filter((name) => name !== "gateway") as LaunchedService[];
export const envPrefix = (service: string) => service.toUpperCase().replace(/-/g, "_");

/** What a `<SERVICE>_` prefixed variable sets for that one service alone (e.g. ORDER_DATABASE_URL). */
const ServiceOverrides = z.object({
  PORT: envPort.optional(),
  DATABASE_URL: z.url().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).optional(),
  SERVICE_SECRET: z.string().min(1).optional(),
});
export type ServiceOverrides = z.output<typeof ServiceOverrides>;

/** Every `<SERVICE>_<NAME>` variable of ServiceOverrides, for each service the launcher starts. */
export const PlatformServiceEnv = z.object(
  Object.fromEntries(
    LAUNCHED.flatMap((service) =>
      Object.entries(ServiceOverrides.shape).map(([name, schema]) => [`${envPrefix(service)}_${name}`, schema]),
    ),
  ),
);

export type PlatformConfig = z.output<typeof PlatformEnv> & {
  /** Each service's own overrides, read from its `<SERVICE>_` variables. */
  services: Record<LaunchedService, ServiceOverrides>;
};

export const readEnv = (env: Record<string, string | undefined>): PlatformConfig => {
  const config = loadConfig("platform", PlatformEnv, env);
  const prefixed = loadConfig("platform", PlatformServiceEnv, env);
  const services = Object.fromEntries(
    LAUNCHED.map((service) => [
      service,
      Object.fromEntries(
        Object.keys(ServiceOverrides.shape).flatMap((name) => {
          const value = prefixed[`${envPrefix(service)}_${name}`];
          return value === undefined ? [] : [[name, value]];
        }),
      ),
    ]),
  ) as PlatformConfig["services"];
  return { ...config, services };
};
