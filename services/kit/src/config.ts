import { z } from "zod";
import { DEPLOYABLES, localUrl, type DeployableName } from "./deployables.ts";
import { SAMPLERS } from "./tracing/setup.ts";

/** Thrown when the environment does not satisfy a service's config schema; names every bad variable. */
export class ConfigError extends Error {
  readonly variables: string[];
  constructor(service: string, issues: { variable: string; message: string }[]) {
    super(`${service}: invalid configuration:\n` + issues.map((i) => `  ${i.variable}: ${i.message}`).join("\n"));
    this.name = "ConfigError";
    this.variables = issues.map((i) => i.variable);
  }
}

/**
 * Parses environment variables once, at the edge. Empty strings count as unset, so `FOO=` in a shell
 * or a Helm value falls back to the default instead of failing a `.url()` check.
 */
export function loadConfig<S extends z.ZodType>(
  service: string,
  schema: S,
  env: Record<string, string | undefined>,
): z.output<S> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(
    service,
    result.error.issues.map((issue) => ({
      variable: issue.path.map(String).join(".") || "(root)",
      message: issue.message,
    })),
  );
}

/** Env booleans: only the spellings people actually type; anything else is an error, not `false`. */
export const envBoolean = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

export const envPort = z.coerce.number().int().min(0).max(65535);

/** A deployable's `PORT`, defaulting to its port in DEPLOYABLES. */
export const portEnv = (name: DeployableName) => envPort.default(DEPLOYABLES[name].port);

/** `<SERVICE>_URL` of a service this one calls, defaulting to where that service listens locally. */
export const serviceUrlEnv = (name: DeployableName) => z.url().default(localUrl(name));

/**
 * OpenTelemetry's own variables, as every SDK reads them. Unset endpoint: spans stay in an in-process
 * store (the admin trace page). The default samples every trace a caller did not decide on already.
 */
export const tracingEnv = {
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_TRACES_SAMPLER: z.enum(SAMPLERS).default("parentbased_always_on"),
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
};

/** Fields every service reads: listen address, log level, tracing. */
export const baseEnv = {
  HOST: z.string().default("127.0.0.1"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ...tracingEnv,
};

/** Fields every service that verifies tokens reads. */
export const authEnv = {
  JWKS_URL: z.url().default(`${localUrl("user")}/.well-known/jwks.json`),
  JWT_ISSUER: z.string().default("ustbites-user"),
  JWT_AUDIENCE: z.string().default("ustbites"),
};

/**
 * Fields every service with its own database reads. Unset `DATABASE_URL` = embedded PGlite under
 * `DATA_DIR`. `DATABASE_POOL_MAX` bounds one instance's connections: replicas × services × pool must
 * stay under the server's `max_connections` (PostgreSQL's default is 100).
 */
export const databaseEnv = (service: string) => ({
  DATABASE_URL: z.url().optional(),
  DATA_DIR: z.string().default(`.data/${service}`),
  DB_MIGRATE_ON_START: envBoolean.default(true),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
});

export type DatabaseConfig = z.output<z.ZodObject<ReturnType<typeof databaseEnv>>>;
