// Reads the design's facts the charts must agree with that are not code to import: the gateway route
// table and the services' env.ts sources. Ports, databases and calls come from the kit's DEPLOYABLES.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const repoRoot = resolve(import.meta.dirname, "../..");

export interface Route {
  service: string;
  prefix: string;
  port: number;
  websocket?: boolean;
}

export function readRoutes(file = join(repoRoot, "services/gateway/routes.json")): Route[] {
  return (JSON.parse(readFileSync(file, "utf8")) as { routes: Route[] }).routes;
}

/**
 * The source of a deployable's env.ts, when it has been written (agent lives at the top level),
 * together with the kit's config.ts whose shared fields (baseEnv, authEnv) env.ts spreads in.
 */
export function readEnvTs(service: string): string | undefined {
  const candidates = [join(repoRoot, "services", service, "src/env.ts"), join(repoRoot, service, "src/env.ts")];
  const file = candidates.find((f) => existsSync(f));
  if (!file) return undefined;
  const kitConfig = join(repoRoot, "services/kit/src/config.ts");
  return readFileSync(file, "utf8") + (existsSync(kitConfig) ? readFileSync(kitConfig, "utf8") : "");
}
