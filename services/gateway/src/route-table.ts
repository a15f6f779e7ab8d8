import { readFileSync } from "node:fs";
import { z } from "zod";

const Route = z.strictObject({
  service: z.string().regex(/^[a-z][a-z-]*$/),
  prefix: z.string().regex(/^\/api\/[a-z-]+$/),
  port: z.number().int().min(1).max(65535),
  websocket: z.boolean().optional(),
});
export const RouteTable = z.strictObject({
  $comment: z.string().optional(),
  routes: z.array(Route).min(1),
  /** Paths every service serves on its own port but the edge refuses under every prefix (/metrics, /docs). */
  internalPaths: z.array(z.string().regex(/^\/[a-z][a-z-]*$/)).default([]),
});
export type Route = z.infer<typeof Route>;
export type RouteTable = z.output<typeof RouteTable>;

export const ROUTE_TABLE_PATH = new URL("../routes.json", import.meta.url);

/** The one route table: the local gateway and charts/ (KGateway HTTPRoutes) both read routes.json. */
export function readGatewayTable(path: URL | string = ROUTE_TABLE_PATH): RouteTable {
  return RouteTable.parse(JSON.parse(readFileSync(path, "utf8")));
}

export function readRouteTable(path: URL | string = ROUTE_TABLE_PATH): Route[] {
  return readGatewayTable(path).routes;
}
