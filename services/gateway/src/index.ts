export { buildGateway, type GatewayOptions } from "./app.ts";
export { startGateway } from "./start.ts";
export { cspHeader, CONTENT_SECURITY_POLICY, REFERRER_POLICY } from "./security-headers.ts";
export { readEnv, GatewayEnv, type GatewayConfig } from "./env.ts";
export { readGatewayTable, readRouteTable, RouteTable, ROUTE_TABLE_PATH, type Route } from "./route-table.ts";
