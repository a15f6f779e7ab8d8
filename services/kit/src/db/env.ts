/** The only place the db CLI reads the environment. */
import { databaseUrlFor } from "./postgres.ts";

/**
 * `<SERVICE>_DATABASE_URL` wins over `DATABASE_URL`, as in the platform launcher. `DATABASE_SERVER_URL`
 * (what the root `npm run db:migrate` passes) names a server, and each service migrates its own
 * database `ustbites_<service>` on it, again as the launcher does.
 */
export function cliDatabaseUrl(service: string): string | undefined {
  const own = process.env[`${service.toUpperCase().replace(/\W/g, "_")}_DATABASE_URL`];
  if (own) return own;
  if (process.env.DATABASE_SERVER_URL) return databaseUrlFor(service, process.env.DATABASE_SERVER_URL);
  return process.env.DATABASE_URL || undefined;
}

/**
 * `prisma generate` checks for the schema engine binary and downloads it when missing (it never runs
 * it), and phones home for update checks; neither host is reachable here.
 */
export function prismaGenerateEnv(engineStandIn: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: engineStandIn,
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  };
}
