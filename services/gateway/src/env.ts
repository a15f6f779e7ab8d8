import { z } from "zod";
import { baseEnv, loadConfig, portEnv } from "@ustbites/kit";
import type { Route } from "./route-table.ts";

export const GatewayEnv = z.object({
  ...baseEnv,
  PORT: portEnv("gateway"),
  CORS_ORIGINS: z
    .string()
    .default("http://localhost:5173,http://127.0.0.1:5173")
    .transform((v) =>
      v
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    ),
});

export type GatewayConfig = z.output<typeof GatewayEnv> & { upstreams: Record<string, string> };

/** `<SERVICE>_URL` (e.g. ORDER_URL) overrides where a route's service lives; default is its port on loopback. */
export function readEnv(env: Record<string, string | undefined>, routes: Route[]): GatewayConfig {
  const config = loadConfig("gateway", GatewayEnv, env);
  const upstreams = Object.fromEntries(
    routes.map((r) => {
      const name = `${r.service.toUpperCase().replace(/-/g, "_")}_URL`;
      const url = loadConfig("gateway", z.object({ [name]: z.url().default(`http://127.0.0.1:${r.port}`) }), env)[name];
      return [r.service, String(url)];
    }),
  );
  return { ...config, upstreams };
}
