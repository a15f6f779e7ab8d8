import { startTracing } from "@ustbites/kit";
import { buildGateway, type GatewayOptions } from "./app.ts";
import type { GatewayConfig } from "./env.ts";
import type { RouteTable } from "./route-table.ts";

export async function startGateway(config: GatewayConfig, table: RouteTable, extend?: GatewayOptions["extend"]) {
  const app = await buildGateway({
    routes: table.routes,
    internalPaths: table.internalPaths,
    upstreams: config.upstreams,
    corsOrigins: config.CORS_ORIGINS,
    logLevel: config.LOG_LEVEL,
    ...(extend ? { extend } : {}),
  });
  startTracing(config, "gateway", app.log);
  const address = await app.listen({ host: config.HOST, port: config.PORT });
  return { app, address, close: () => app.close() };
}
